"""The credit ledger, its review history, the evidence mirror and remote-education imports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit",
        sa.Column("credit_id", sa.String(36), primary_key=True),
        sa.Column("id_number", sa.String(18), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("unit", sa.String(200)),
        sa.Column("unit_id", sa.String(64), index=True),
        sa.Column("city_id", sa.String(64)),
        sa.Column("jurisdiction", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("credit_class", sa.String(4), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("credits", sa.Float, nullable=False),
        sa.Column("hours", sa.Float),
        sa.Column("source", sa.String(30), nullable=False),
        sa.Column("category", sa.String(40)),
        sa.Column("project_number", sa.String(100)),
        sa.Column("project_name", sa.String(300), nullable=False),
        sa.Column("sponsor", sa.String(300)),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("evidence_ids", JSONB, nullable=False, server_default="[]"),
        sa.Column("details", JSONB, nullable=False, server_default="{}"),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("stage", sa.Integer, nullable=False, server_default="0"),
        sa.Column("chain", JSONB, nullable=False),
        sa.Column("origin_key", sa.String(300), unique=True),
        sa.Column("entered_by", sa.String(64), nullable=False),
        sa.Column("last_reason", sa.Text),
        sa.Column("audit_sampled", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "credit_review",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("credit_id", sa.String(36), nullable=False, index=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("level", sa.String(20)),
        sa.Column("reason", sa.Text),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "evidence_mirror",
        sa.Column("evidence_id", sa.String(64), primary_key=True),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("subject_type", sa.String(40)),
        sa.Column("subject_id", sa.String(64)),
    )
    op.create_table(
        "import_batch",
        sa.Column("batch_id", sa.String(36), primary_key=True),
        sa.Column("institution", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("report", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("institution", "sha256", name="uq_import_batch_file"),
    )


def downgrade() -> None:
    for table in ("import_batch", "evidence_mirror", "credit_review", "credit"):
        op.drop_table(table)
