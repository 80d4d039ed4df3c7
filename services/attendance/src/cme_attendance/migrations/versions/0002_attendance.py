"""Sessions, registrations, scans, the failed-scan log, questionnaires and execution reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("application_id", sa.String(64), nullable=False),
        sa.Column("project_id", sa.String(64), nullable=False),
        sa.Column("project_number", sa.String(100), nullable=False),
        sa.Column("project_name", sa.String(300), nullable=False),
        sa.Column("jurisdiction", sa.String(50), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("credit_class", sa.String(4), nullable=False),
        sa.Column("credits", sa.Float, nullable=False),
        sa.Column("venue", sa.String(300), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("schedule", sa.JSON, nullable=False),
        sa.Column("check_in_opens_at", TZ, nullable=False),
        sa.Column("check_in_closes_at", TZ, nullable=False),
        sa.Column("check_out_opens_at", TZ, nullable=False),
        sa.Column("check_out_closes_at", TZ, nullable=False),
        sa.Column("qr_refresh_seconds", sa.Integer, nullable=False),
        sa.Column("required_hours", sa.Float, nullable=False),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.text("now()")),
    )
    op.create_table(
        "registrations",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("id_number", sa.String(18), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("sex", sa.String(4), nullable=False),
        sa.Column("age", sa.Integer, nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("department", sa.String(100), nullable=False),
        sa.Column("unit_location", sa.String(200), nullable=False),
        sa.Column("grassroots", sa.Boolean, nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("position", sa.String(100)),
        sa.Column("education", sa.String(50)),
        sa.Column("registered_at", TZ, nullable=False),
    )
    op.create_index("ix_registrations_phone", "registrations", ["session_id", "phone"])
    op.create_table(
        "scans",
        sa.Column("scan_id", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("name", sa.String(100)),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("device_id", sa.String(128), nullable=False),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("scanned_at", TZ, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.UniqueConstraint("session_id", "device_id", "nonce", name="uq_scans_nonce"),
    )
    op.create_index("uq_scans_first", "scans", ["session_id", "id_number", "day", "direction"], unique=True,
                    postgresql_where=sa.text("status = 'accepted'"))
    op.create_index("ix_scans_person_day", "scans", ["id_number", "day"])
    op.create_table(
        "refused_scans",
        sa.Column("refusal_id", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(64)),
        sa.Column("id_number", sa.String(40)),
        sa.Column("direction", sa.String(3)),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("device_id", sa.String(128), nullable=False),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("scanned_at", TZ),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.UniqueConstraint("session_id", "device_id", "nonce", name="uq_refused_scans_nonce"),
    )
    op.create_index("ix_refused_scans_session", "refused_scans", ["session_id", "received_at"])
    op.create_table(
        "questionnaire_answers",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("id_number", sa.String(18), primary_key=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("submitted_at", TZ, nullable=False),
    )
    op.create_table(
        "execution_reports",
        sa.Column("report_id", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(64), nullable=False, unique=True),
        sa.Column("submitted_by", sa.String(64), nullable=False),
        sa.Column("submitted_at", TZ, nullable=False),
        sa.Column("attendees", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in ("execution_reports", "questionnaire_answers", "refused_scans", "scans", "registrations", "sessions"):
        op.drop_table(table)
