"""Alembic environment of the credits service."""

from cme_credits.adapters.tables import metadata
from cme_platform.db.migrations import run_env

run_env(metadata)
