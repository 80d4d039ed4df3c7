"""The credits service's own tables (its database, its migrations)."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
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
    Column("co_organizer", String(300)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""What credits knows of the project registry, mirrored from `ProjectPublished` events."""

credit = Table(
    "credit",
    metadata,
    Column("credit_id", String(36), primary_key=True),
    Column("id_number", String(18), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("unit", String(200)),
    Column("unit_id", String(64), index=True),
    Column("city_id", String(64)),
    Column("jurisdiction", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("credit_class", String(4), nullable=False),
    Column("level", String(20), nullable=False),
    Column("credits", Float, nullable=False),
    Column("hours", Float),
    Column("source", String(30), nullable=False),
    Column("category", String(40)),
    Column("project_number", String(100)),
    Column("project_name", String(300), nullable=False),
    Column("sponsor", String(300)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("evidence_ids", JSONB, nullable=False, server_default="[]"),
    Column("details", JSONB, nullable=False, server_default="{}"),
    Column("status", String(20), nullable=False, index=True),
    Column("stage", Integer, nullable=False, server_default="0"),
    Column("chain", JSONB, nullable=False),
    Column("origin_key", String(300), unique=True),
    Column("entered_by", String(64), nullable=False),
    Column("last_reason", Text),
    Column("audit_sampled", Boolean, nullable=False, server_default="false"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""The credit ledger (学分档案): one row per credit, its chain kept as it was when entered."""

credit_review = Table(
    "credit_review",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("credit_id", String(36), nullable=False, index=True),
    Column("action", String(20), nullable=False),
    Column("level", String(20)),
    Column("reason", Text),
    Column("actor", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""The full history of each credit: entered, submitted, each level's decision, corrections."""

evidence_mirror = Table(
    "evidence_mirror",
    metadata,
    Column("evidence_id", String(64), primary_key=True),
    Column("owner_id", String(64), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("subject_type", String(40)),
    Column("subject_id", String(64)),
)
"""Files the evidence service stored (`EvidenceStored`), so a claim's evidence can be checked."""

unit_member = Table(
    "unit_member",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("unit_id", String(64), nullable=False),
    Column("id_number", String(18), nullable=False),
    Column("name", String(100), nullable=False),
    Column("jurisdiction", String(40)),
    Column("approved_at", DateTime(timezone=True), nullable=False),
    Index("ix_unit_member_unit_person", "unit_id", "id_number"),
)
"""Learners registered in a unit (本单位注册人员), mirrored from identity's `AccountApproved` events."""

early_review_window = Table(
    "early_review_window",
    metadata,
    Column("jurisdiction", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("opens_on", Date, nullable=False),
    Column("closes_on", Date, nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""Each year's early-review window (提前审核录入及审核时间), set by the jurisdiction's office."""

early_review_application = Table(
    "early_review_application",
    metadata,
    Column("application_id", String(36), primary_key=True),
    Column("jurisdiction", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("unit", String(200)),
    Column("submitted_by", String(64), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""A unit's application for early review (关于提前审核学分的申请)."""

early_review_applicant = Table(
    "early_review_applicant",
    metadata,
    Column("jurisdiction", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("id_number", String(18), primary_key=True),
    Column("application_id", String(36), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("name", String(100), nullable=False),
    Column("phone", String(20), nullable=False),
)
"""The senior-title applicants (副高申报人员) listed by the units' applications: who may be reviewed early."""

import_batch = Table(
    "import_batch",
    metadata,
    Column("batch_id", String(36), primary_key=True),
    Column("institution", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("report", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("institution", "sha256", name="uq_import_batch_file"),
)
"""Remote-education uploads (远程教育学分导入) with their row-level reports."""
