"""Alembic environment of the certificates service."""

from cme_certificates.adapters.tables import metadata
from cme_platform.db.migrations import run_env

run_env(metadata)
