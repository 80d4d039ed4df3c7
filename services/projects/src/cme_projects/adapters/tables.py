"""The projects service's own tables (its database, its migrations)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Identity,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

projects = Table(
    "projects",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("number", String(100), nullable=False),
    Column("number_normalized", String(100), nullable=False, index=True),
    Column("session_no", Integer, nullable=False, server_default="1"),
    Column("name", String(300), nullable=False),
    Column("level", String(20), nullable=False),
    Column("credit_class", String(4), nullable=False),
    Column("credits", Float, nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("discipline", String(200)),
    Column("lead", String(100)),
    Column("sponsor", String(300)),
    Column("co_organizer", String(300)),
    Column("venue", String(300)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("online", Boolean, nullable=False, server_default="false"),
    Column("remote_filing", Boolean, nullable=False, server_default="false"),
    Column("status", String(20), nullable=False, server_default="published"),
    Column("owner_id", String(100), index=True),
    Column("unit_id", String(100), index=True),
    Column("source", String(20), nullable=False, server_default="entry"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("jurisdiction", "number_normalized", "session_no", name="uq_projects_number"),
)

hold_applications = Table(
    "hold_applications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("project_id", String(36), nullable=False, index=True),
    Column("jurisdiction", String(40), nullable=False, index=True),
    Column("owner_id", String(100), nullable=False, index=True),
    Column("unit_id", String(100), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("plan", JSONB, nullable=False),
    Column("return_reason", Text),
    Column("submitted_at", DateTime(timezone=True)),
    Column("session_id", String(36)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

hold_application_steps = Table(
    "hold_application_steps",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("application_id", String(36), nullable=False, index=True),
    Column("action", String(20), nullable=False),
    Column("actor_id", String(100), nullable=False),
    Column("actor_role", String(40), nullable=False),
    Column("reason", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)

stored_evidence = Table(
    "stored_evidence",
    metadata,
    Column("evidence_id", String(64), primary_key=True),
    Column("owner_id", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("subject_type", String(40)),
    Column("subject_id", String(64)),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("content_type", String(200), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)
