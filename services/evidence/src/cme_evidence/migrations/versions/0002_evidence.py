"""Evidence metadata: one row per stored, immutable file version.

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
        "evidence",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(100), nullable=False),
        sa.Column("owner_unit_id", sa.String(100)),
        sa.Column("owner_city_id", sa.String(100)),
        sa.Column("owner_jurisdiction", sa.String(40)),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject_type", sa.String(40)),
        sa.Column("subject_id", sa.String(100)),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("object_key", sa.String(200), nullable=False, unique=True),
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("supersedes", sa.String(36)),
        sa.Column("assembled_from", JSONB),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True)),
    )
    op.create_index("evidence_supersedes_once", "evidence", ["supersedes"], unique=True,
                    postgresql_where=sa.text("supersedes is not null"))
    op.create_index("evidence_unattached", "evidence", ["stored_at"], postgresql_where=sa.text("subject_id is null"))
    op.create_index("evidence_subject", "evidence", ["subject_type", "subject_id"])


def downgrade() -> None:
    op.drop_table("evidence")
