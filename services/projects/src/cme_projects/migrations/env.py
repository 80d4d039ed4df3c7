"""Alembic environment of the projects service."""

from cme_platform.db.migrations import run_env
from cme_projects.adapters.tables import metadata

run_env(metadata)
