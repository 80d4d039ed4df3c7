"""Certificates: the canonical project number for queries, and each PDF's SHA-256.

`project_key` lets a query match `2021-03-05-129 (国)` typed with ASCII parentheses against
`2021-03-05-129（国）` as written (cme_contracts.identifiers.normalize_project_number; the
backfill does the same in SQL). `pdf_sha256` lets an uploaded PDF be checked against the
original that was issued.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("certificates", sa.Column("project_key", sa.String(100)))
    op.add_column("certificates", sa.Column("pdf_sha256", sa.String(64)))
    op.execute(
        "UPDATE certificates SET project_key = regexp_replace("
        "translate(normalize(project_number, NFKC), '‐‑‒–—―−－', '--------'), '\\s+', '', 'g') "
        "WHERE project_number IS NOT NULL"
    )
    op.drop_index("ix_certificates_project_name", "certificates")
    op.create_index("ix_certificates_project_name", "certificates", ["project_key", "name"])


def downgrade() -> None:
    op.drop_index("ix_certificates_project_name", "certificates")
    op.create_index("ix_certificates_project_name", "certificates", ["project_number", "name"])
    op.drop_column("certificates", "pdf_sha256")
    op.drop_column("certificates", "project_key")
