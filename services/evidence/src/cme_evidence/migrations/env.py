"""Alembic environment of the evidence service."""

from cme_evidence.adapters.tables import metadata
from cme_platform.db.migrations import run_env

run_env(metadata)
