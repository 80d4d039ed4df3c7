"""Alembic environment of the notifications service."""

from cme_notifications.adapters.tables import metadata
from cme_platform.db.migrations import run_env

run_env(metadata)
