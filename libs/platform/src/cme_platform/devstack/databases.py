"""Create and drop databases on the shared server, one per service or test."""

from __future__ import annotations

import contextlib

import asyncpg

from .endpoints import InfraEndpoints


async def ensure_database(endpoints: InfraEndpoints, name: str) -> None:
    """Create database `name` unless it exists; safe when several callers race."""
    conn = await asyncpg.connect(endpoints.postgres_url)
    try:
        if await conn.fetchval("select 1 from pg_database where datname = $1", name):
            return
        # Losing a race with a concurrent creator is fine: the database exists, as wanted.
        with contextlib.suppress(asyncpg.DuplicateDatabaseError, asyncpg.UniqueViolationError):
            await conn.execute(f"create database {_quote(name)}")
    finally:
        await conn.close()


async def drop_database(endpoints: InfraEndpoints, name: str) -> None:
    """Drop database `name` if it exists, disconnecting whoever is still using it."""
    conn = await asyncpg.connect(endpoints.postgres_url)
    try:
        await conn.execute(f"drop database if exists {_quote(name)} with (force)")
    finally:
        await conn.close()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
