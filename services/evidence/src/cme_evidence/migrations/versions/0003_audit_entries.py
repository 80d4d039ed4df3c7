"""Audit entries wait in their own table to be sealed off the write path.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from cme_platform.db.migrations import create_platform_tables, drop_platform_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()


def downgrade() -> None:
    drop_platform_table("audit_entry")
