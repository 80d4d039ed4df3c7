"""Compliance proofs (学分达标证明): the signed credential and the digest of its PDF.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "compliance_proofs",
        sa.Column("proof_id", sa.String(36), primary_key=True),
        sa.Column("id_number", sa.String(32), nullable=False),
        sa.Column("credential", JSONB, nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_compliance_proofs_id_number", "compliance_proofs", ["id_number"])


def downgrade() -> None:
    op.drop_table("compliance_proofs")
