"""Alembic environment of the notifications service."""

from cme_platform.db.migrations import run_env
from cme_notifications.adapters.tables import metadata

run_env(metadata)
