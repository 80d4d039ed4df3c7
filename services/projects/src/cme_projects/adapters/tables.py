"""The projects service's own tables (its database, its migrations)."""

from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, func

metadata = MetaData()

projects = Table(
    "projects",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("number", String(100), nullable=False),
    Column("name", String(300), nullable=False),
    Column("level", String(20), nullable=False),
    Column("credit_class", String(4), nullable=False),
    Column("credits", Float, nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
