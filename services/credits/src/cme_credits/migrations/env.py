"""Alembic environment of the credits service."""

from cme_platform.db.migrations import run_env
from cme_credits.adapters.tables import metadata

run_env(metadata)
