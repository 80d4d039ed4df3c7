"""Alembic environment of the attendance service."""

from cme_attendance.adapters.tables import metadata
from cme_platform.db.migrations import run_env

run_env(metadata)
