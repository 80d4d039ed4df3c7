"""Alembic environment of the certificates service."""

from cme_platform.db.migrations import run_env
from cme_certificates.adapters.tables import metadata

run_env(metadata)
