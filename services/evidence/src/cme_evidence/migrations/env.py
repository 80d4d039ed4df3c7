"""Alembic environment of the evidence service."""

from cme_platform.db.migrations import run_env
from cme_evidence.adapters.tables import metadata

run_env(metadata)
