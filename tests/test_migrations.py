"""Every service's hand-written migrations build exactly the tables its code declares, and undo
them: one test for all services, found from the folder, so a new service is checked unasked."""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from cme_platform.db import platform_metadata
from cme_platform.db.migrations import alembic_config
from cme_platform.testing.services import migrated_database

FOLDERS = sorted(p for p in (Path(__file__).parents[1] / "services").iterdir() if (p / "src").is_dir())
# The portal owns no data, so it has no tables and no migrations; every other service has both.
SERVICES = [p.name for p in FOLDERS if (p / "src" / f"cme_{p.name}" / "migrations").is_dir()]
PLATFORM_TABLES = {*platform_metadata.tables, "alembic_version"}  # created by the platform, not declared here


def _table_of(difference) -> str | None:
    if isinstance(difference, tuple) and difference[0] in ("remove_table", "add_table"):
        return difference[1].name
    if isinstance(difference, tuple) and difference[0] in ("remove_index", "add_index"):
        return difference[1].table.name
    return None


def _differences(connection, metadata: MetaData) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [d for d in compare_metadata(context, metadata) if _table_of(d) not in PLATFORM_TABLES]


def test_every_service_folder_but_the_portals_is_checked():
    expected = {"attendance", "certificates", "credits", "evidence", "identity", "notifications", "projects"}
    assert expected <= set(SERVICES) and {p.name for p in FOLDERS} - set(SERVICES) == {"portal"}


@pytest.mark.parametrize("service", SERVICES)
async def test_the_migrated_database_matches_the_declared_tables_and_downgrades(infra, service):
    package = f"cme_{service}"
    metadata = importlib.import_module(f"{package}.adapters.tables").metadata
    url = await migrated_database(infra, package)
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences, metadata) == []
    finally:
        await engine.dispose()
    await asyncio.to_thread(command.downgrade, alembic_config(package, url), "base")
    await asyncio.to_thread(command.upgrade, alembic_config(package, url), "head")
