"""Initial schema: outbox, inbox, the message centre, deliveries, preferences and the read models.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from alembic import op

from cme_platform.db.migrations import create_platform_tables, drop_platform_tables
from cme_notifications.adapters.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
    drop_platform_tables()
