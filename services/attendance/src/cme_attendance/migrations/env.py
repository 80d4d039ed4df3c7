"""Alembic environment of the attendance service."""

from cme_platform.db.migrations import run_env
from cme_attendance.adapters.tables import metadata

run_env(metadata)
