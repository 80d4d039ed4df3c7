"""Alembic, the same way for every service.

Each service keeps its migrations inside its package (`<package>/migrations`, so they ship
with it into images) with a three-line `env.py` that calls `run_env`. `upgrade` runs them
programmatically, for `make dev`, the tests and the deploy migration step alike.
"""

from __future__ import annotations

import asyncio
import os
import sys

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from cme_platform.db.tables import platform_metadata


def alembic_config(package: str, url: str) -> Config:
    """An Alembic config for a service package's migrations against url."""
    config = Config()
    config.set_main_option("script_location", f"{package}:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(package: str, url: str, revision: str = "head") -> None:
    """Migrate a service's database to revision (blocking; call from a thread in async code)."""
    command.upgrade(alembic_config(package, url), revision)


def create_platform_tables() -> None:
    """Create the platform tables a database lacks; call from a service's first migration, and
    again from a later one when the platform adds a table (existing tables are left alone)."""
    bind = op.get_bind()
    platform_metadata.create_all(bind)


def drop_platform_table(name: str) -> None:
    """Drop one platform table added after a service's first migration (its downgrade)."""
    platform_metadata.tables[name].drop(op.get_bind(), checkfirst=True)


def drop_platform_tables() -> None:
    """Drop the outbox and inbox tables; call from the first migration's downgrade."""
    platform_metadata.drop_all(op.get_bind())


def _run(connection: Connection, metadata: MetaData) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str, metadata: MetaData) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run, metadata)
    await engine.dispose()


def run_env(metadata: MetaData) -> None:
    """The body of every service's migrations/env.py (online mode only)."""
    url = context.config.get_main_option("sqlalchemy.url") or os.environ["CME_DATABASE_URL"]
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_run_async(url, metadata))
        return
    raise RuntimeError("run migrations from a thread without an event loop (asyncio.to_thread(upgrade, ...))")


def main() -> None:
    """`cme-migrate <package>`: migrate the database named by CME_DATABASE_URL."""
    if len(sys.argv) != 2:
        print("usage: cme-migrate <service package, e.g. cme_projects>", file=sys.stderr)
        raise SystemExit(2)
    url = os.environ.get("CME_DATABASE_URL")
    if not url:
        print("configuration error — CME_DATABASE_URL: 缺少必填配置 (missing)", file=sys.stderr)
        raise SystemExit(2)
    upgrade(sys.argv[1], url)
