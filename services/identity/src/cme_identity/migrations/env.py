"""Alembic environment of the identity service."""

from cme_identity.adapters.tables import metadata
from cme_platform.db.migrations import run_env

run_env(metadata)
