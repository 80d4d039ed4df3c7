"""The attendance service's own tables (its database, its migrations)."""

from sqlalchemy import (
    JSON,
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
    text,
)

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("application_id", String(64), nullable=False),
    Column("project_id", String(64), nullable=False),
    Column("project_number", String(100), nullable=False),
    Column("project_name", String(300), nullable=False),
    Column("jurisdiction", String(50), nullable=False),
    Column("level", String(20), nullable=False),
    Column("credit_class", String(4), nullable=False),
    Column("credits", Float, nullable=False),
    Column("venue", String(300), nullable=False),
    Column("owner_id", String(64), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("schedule", JSON, nullable=False),
    Column("check_in_opens_at", DateTime(timezone=True), nullable=False),
    Column("check_in_closes_at", DateTime(timezone=True), nullable=False),
    Column("check_out_opens_at", DateTime(timezone=True), nullable=False),
    Column("check_out_closes_at", DateTime(timezone=True), nullable=False),
    Column("qr_refresh_seconds", Integer, nullable=False),
    Column("required_hours", Float, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)
"""Approved sessions (举办场次), created from HoldApplicationApproved."""

registrations = Table(
    "registrations",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("id_number", String(18), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("sex", String(4), nullable=False),
    Column("age", Integer, nullable=False),
    Column("phone", String(20), nullable=False),
    Column("unit", String(200), nullable=False),
    Column("department", String(100), nullable=False),
    Column("unit_location", String(200), nullable=False),
    Column("grassroots", Boolean, nullable=False),
    Column("title", String(100), nullable=False),
    Column("position", String(100)),
    Column("education", String(50)),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Index("ix_registrations_phone", "session_id", "phone"),
)
"""The registration form filled at the check-in scan (学员信息)."""

scans = Table(
    "scans",
    metadata,
    Column("scan_id", String(64), primary_key=True),
    Column("session_id", String(64), nullable=False),
    Column("id_number", String(18), nullable=False),
    Column("name", String(100)),
    Column("direction", String(3), nullable=False),
    Column("method", String(10), nullable=False),
    Column("device_id", String(128), nullable=False),
    Column("nonce", String(128), nullable=False),
    Column("day", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("scanned_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    # A retried upload carries the same device and nonce: the key makes it one scan.
    UniqueConstraint("session_id", "device_id", "nonce", name="uq_scans_nonce"),
    # The first scan of a person, day and direction is the one published; later ones are repeats.
    Index("uq_scans_first", "session_id", "id_number", "day", "direction", unique=True,
          postgresql_where=text("status = 'accepted'")),
    Index("ix_scans_person_day", "id_number", "day"),
)
"""Accepted scans (签到/签退记录)."""

refused_scans = Table(
    "refused_scans",
    metadata,
    Column("refusal_id", String(64), primary_key=True),
    Column("session_id", String(64)),
    Column("id_number", String(40)),
    Column("direction", String(3)),
    Column("method", String(10), nullable=False),
    Column("device_id", String(128), nullable=False),
    Column("nonce", String(128), nullable=False),
    Column("scanned_at", DateTime(timezone=True)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("code", String(80), nullable=False),
    Column("message", Text, nullable=False),
    Column("details", JSON, nullable=False),
    UniqueConstraint("session_id", "device_id", "nonce", name="uq_refused_scans_nonce"),
    Index("ix_refused_scans_session", "session_id", "received_at"),
)
"""The failed-scan log (扫码失败记录): every refused scan with its reason."""

questionnaire_answers = Table(
    "questionnaire_answers",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("id_number", String(18), primary_key=True),
    Column("answers", JSON, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
)
"""Answers to the check-out questionnaire (调查问卷)."""

execution_reports = Table(
    "execution_reports",
    metadata,
    Column("report_id", String(64), primary_key=True),
    Column("session_id", String(64), nullable=False, unique=True),
    Column("submitted_by", String(64), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("attendees", JSON, nullable=False),
)
"""Submitted execution reports (执行情况上报), one per session."""
