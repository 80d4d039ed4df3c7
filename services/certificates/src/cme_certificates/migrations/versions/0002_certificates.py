"""Certificates: the certificates table and the serial of numbers and status indexes.

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
    op.execute("CREATE SEQUENCE certificate_serial START 1")
    op.create_table(
        "certificates",
        sa.Column("certificate_id", sa.String(36), primary_key=True),
        sa.Column("certificate_number", sa.String(40), nullable=False, unique=True),
        sa.Column("status_index", sa.BigInteger, nullable=False, unique=True),
        sa.Column("credit_id", sa.String(64), nullable=False),
        sa.Column("id_number", sa.String(32), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("unit", sa.String(200)),
        sa.Column("project_number", sa.String(100)),
        sa.Column("project_name", sa.String(300), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("credit_class", sa.String(4), nullable=False),
        sa.Column("credits", sa.Numeric(6, 2), nullable=False),
        sa.Column("hours", sa.Numeric(7, 2)),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("jurisdiction", sa.String(40), nullable=False),
        sa.Column("issuing_office", sa.String(200), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True)),
        sa.Column("pdf_key", sa.String(200)),
        sa.Column("credential", JSONB),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoke_reason", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ux_certificates_live_credit", "certificates", ["credit_id"], unique=True,
                    postgresql_where=sa.text("state <> 'revoked'"))
    op.create_index("ix_certificates_pending", "certificates", ["created_at"],
                    postgresql_where=sa.text("state = 'pending'"))
    op.create_index("ix_certificates_project_name", "certificates", ["project_number", "name"])
    op.create_index("ix_certificates_id_number", "certificates", ["id_number"])


def downgrade() -> None:
    op.drop_table("certificates")
    op.execute("DROP SEQUENCE certificate_serial")
