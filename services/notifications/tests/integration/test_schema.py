"""The hand-written migrations build exactly the tables the code declares, and undo them."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from cme_notifications.adapters.tables import metadata
from cme_platform.db import platform_metadata
from cme_platform.db.migrations import alembic_config
from cme_platform.testing.services import migrated_database

PLATFORM_TABLES = {*platform_metadata.tables, "alembic_version"}  # created by the platform, not declared here


def _table_of(difference) -> str | None:
    if isinstance(difference, tuple) and difference[0] == "remove_table":
        return difference[1].name
    if isinstance(difference, tuple) and difference[0] == "remove_index":
        return difference[1].table.name
    return None


def _differences(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [d for d in compare_metadata(context, metadata) if _table_of(d) not in PLATFORM_TABLES]


async def test_the_migrated_database_matches_the_declared_tables_and_downgrades(infra):
    url = await migrated_database(infra, "cme_notifications")
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        assert await connection.run_sync(_differences) == []
    await engine.dispose()
    await asyncio.to_thread(command.downgrade, alembic_config("cme_notifications", url), "0001")
    await asyncio.to_thread(command.upgrade, alembic_config("cme_notifications", url), "head")
