"""Who is registered in which unit (from identity), and the co-organizer of a remote-filed project.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("project_mirror", sa.Column("co_organizer", sa.String(300)))
    op.create_table(
        "unit_member",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("jurisdiction", sa.String(40)),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_unit_member_unit_person", "unit_member", ["unit_id", "id_number"])


def downgrade() -> None:
    op.drop_index("ix_unit_member_unit_person", table_name="unit_member")
    op.drop_table("unit_member")
    op.drop_column("project_mirror", "co_organizer")
