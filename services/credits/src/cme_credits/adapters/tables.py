"""The credits service's own tables (its database, its migrations)."""

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, func

metadata = MetaData()

project_mirror = Table(
    "project_mirror",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("number", String(100), nullable=False),
    Column("number_normalized", String(100), nullable=False, index=True),
    Column("name", String(300), nullable=False),
    Column("level", String(20), nullable=False),
    Column("credit_class", String(4), nullable=False),
    Column("credits", Float, nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("remote_filing", Boolean, nullable=False, server_default="false"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""What credits knows of the project registry, mirrored from `ProjectPublished` events."""
