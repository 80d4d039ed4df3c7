"""The evidence service's own tables (its database, its migrations)."""

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, MetaData, String, Table, text
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

evidence = Table(
    "evidence",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("owner_id", String(100), nullable=False),
    Column("owner_unit_id", String(100)),
    Column("owner_city_id", String(100)),
    Column("owner_jurisdiction", String(40)),
    Column("kind", String(40), nullable=False),
    Column("subject_type", String(40)),
    Column("subject_id", String(100)),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("object_key", String(200), nullable=False, unique=True),
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("supersedes", String(36)),
    Column("assembled_from", JSONB),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Column("attached_at", DateTime(timezone=True)),
    # One successor per version, so two concurrent replacements cannot fork the history.
    Index("evidence_supersedes_once", "supersedes", unique=True, postgresql_where=text("supersedes is not null")),
    Index("evidence_unattached", "stored_at", postgresql_where=text("subject_id is null")),
    Index("evidence_subject", "subject_type", "subject_id"),
)
