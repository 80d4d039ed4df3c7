"""The identity service's own tables (its database, its migrations)."""

from sqlalchemy import Column, DateTime, ForeignKey, MetaData, String, Table, func

metadata = MetaData()

units = Table(
    "units",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("org_code", String(9), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("city_id", String(12), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(30), nullable=False),
    Column("name", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("unit_id", String(36), ForeignKey("units.id"), index=True),
    Column("city_id", String(12)),
    Column("jurisdiction", String(40)),
    Column("id_number", String(18)),
    Column("phone", String(20)),
    Column("decided_by", String(36)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
