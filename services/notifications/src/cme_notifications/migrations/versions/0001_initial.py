"""Initial schema: outbox, inbox, the message centre, deliveries, preferences and the read models.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from cme_platform.db.migrations import create_platform_tables, drop_platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "messages",
        sa.Column("message_id", sa.String(36), primary_key=True),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("recipient_kind", sa.String(20), nullable=False),
        sa.Column("recipient_key", sa.String(64), nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("link", sa.String(300), nullable=False),
        sa.Column("jurisdiction", sa.String(40)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("read_at", TZ),
    )
    op.create_index("ix_messages_recipient", "messages", ["recipient_kind", "recipient_key", "created_at"])
    op.create_table(
        "deliveries",
        sa.Column("delivery_id", sa.String(36), primary_key=True),
        sa.Column("message_id", sa.String(36), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("not_before", TZ, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sent_at", TZ),
        sa.Column("last_error", sa.Text),
        sa.UniqueConstraint("message_id", "channel", "address"),
    )
    op.create_index("ix_deliveries_due", "deliveries", ["status", "not_before"])
    op.create_table(
        "preferences",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("channels", JSONB, nullable=False),
        sa.Column("quiet_start", sa.Time),
        sa.Column("quiet_end", sa.Time),
        sa.Column("phone", sa.String(20)),
        sa.Column("wechat_openid", sa.String(64)),
        sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "preference_addresses",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
    )
    op.create_index("ix_preference_addresses_address", "preference_addresses", ["kind", "key"])
    _read_models()


def _read_models() -> None:
    op.create_table(
        "held_sessions",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("project_number", sa.String(100), nullable=False),
        sa.Column("project_name", sa.String(300), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("jurisdiction", sa.String(40), nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("reported_at", TZ),
    )
    op.create_table(
        "waiting_applications",
        sa.Column("application_id", sa.String(64), primary_key=True),
        sa.Column("project_number", sa.String(100), nullable=False),
        sa.Column("jurisdiction", sa.String(40), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("submitted_at", TZ, nullable=False),
        sa.Column("decided_at", TZ),
    )
    op.create_table(
        "credit_ledger",
        sa.Column("credit_id", sa.String(64), primary_key=True),
        sa.Column("id_number", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("credit_class", sa.String(4), nullable=False),
        sa.Column("credits", sa.Numeric(6, 2), nullable=False),
        sa.Column("jurisdiction", sa.String(40), nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default="false"),
    )
    op.create_index("ix_credit_ledger_id_number", "credit_ledger", ["id_number"])
    op.create_table(
        "learners",
        sa.Column("id_number", sa.String(32), primary_key=True),
        sa.Column("jurisdiction", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    for table in ("learners", "credit_ledger", "waiting_applications", "held_sessions", "preference_addresses",
                  "preferences", "deliveries", "messages"):
        op.drop_table(table)
    drop_platform_tables()
