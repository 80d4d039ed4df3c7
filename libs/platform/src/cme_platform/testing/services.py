"""Helpers for tests that run services against the real infrastructure.

Each test gets its own freshly migrated database, so tests do not see each other's rows;
the broker, Redis and S3 server are shared by the whole session.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import async_sessionmaker

from cme_platform.db import create_engine, platform_metadata, session_factory
from cme_platform.db.migrations import upgrade
from cme_platform.devstack import InfraEndpoints, ensure_database
from cme_platform.settings import ServiceSettings
from cme_platform.testing.tokens import public_key_pem

S = TypeVar("S", bound=ServiceSettings)


async def migrated_database(infra: InfraEndpoints, package: str) -> str:
    """A new database migrated with the package's Alembic migrations; returns its asyncpg URL."""
    name = f"{package}_{uuid.uuid4().hex[:10]}"
    await ensure_database(infra, name)
    url = infra.database_url(name)
    await asyncio.to_thread(upgrade, package, url)
    return url


@asynccontextmanager
async def platform_database(infra: InfraEndpoints, prefix: str, *extra: MetaData) -> AsyncIterator[async_sessionmaker]:
    """A new database with the platform tables (outbox, inbox, audit chain) and any `extra`
    tables, for tests of the plumbing itself; yields its session factory."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    await ensure_database(infra, name)
    engine = create_engine(infra.database_url(name))
    async with engine.begin() as connection:
        for metadata in (platform_metadata, *extra):
            await connection.run_sync(metadata.create_all)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


def settings_for(infra: InfraEndpoints, cls: type[S], database_url: str, **overrides) -> S:
    """Service settings pointing at the test infrastructure, tuned for quick tests."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "kafka_bootstrap_servers": infra.kafka_bootstrap,
        "redis_url": infra.redis_url,
        "s3_endpoint": infra.s3_endpoint,
        "s3_access_key": infra.s3_access_key,
        "s3_secret_key": infra.s3_secret_key,
        "outbox_poll_seconds": 0.05,
        "consumer_backoff_seconds": 0.05,
        "jwt_public_key": public_key_pem(),
    }
    values.update(overrides)
    return cls(**values)


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan (relay, consumers) and yield an HTTP client talking to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T]], *, timeout: float = 30, interval: float = 0.1) -> T:
    """Poll probe until it returns a truthy value; fail with its last value after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value: {value!r})")
        await asyncio.sleep(interval)


@asynccontextmanager
async def through_edge(
    app: FastAPI, client: tuple[str, int] = ("203.0.113.7", 40000)
) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan and yield a client whose requests pass through the front door
    (in-process), arriving from the public address `client` as a visitor's would."""
    from cme_platform.edge import create_edge  # the edge is only needed by tests that use it

    edge = create_edge([("/", "http://service")])
    async with app.router.lifespan_context(app), edge.router.lifespan_context(edge):
        await edge.state.client.aclose()
        edge.state.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
        transport = httpx.ASGITransport(app=edge, client=client)
        async with httpx.AsyncClient(transport=transport, base_url="http://edge") as visitor:
            yield visitor


async def audit_sealed(runtime) -> None:
    """Wait until the service's sealer has chained every audit entry written so far (it seals
    them shortly after commit, off the request's path), so a test can read the records."""
    await eventually(lambda: _nothing_left(runtime))


async def _nothing_left(runtime) -> bool:
    return await runtime.audit_sealer.backlog() == 0

