"""The renderer's query: issued certificates whose PDF is not drawn yet, oldest first.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_certificates_unrendered", "certificates", ["issued_at"],
                    postgresql_where=sa.text("state = 'issued' and pdf_sha256 is null"))


def downgrade() -> None:
    op.drop_index("ix_certificates_unrendered", table_name="certificates")
