"""Readiness checks that talk to each service with its real client.

Each check_* function returns when the service answers and raises otherwise. They are
synchronous so that start-up threads can poll them; the async clients get their own loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import asyncpg
import redis
from aiokafka.admin import AIOKafkaAdminClient

from .endpoints import ENV_VARS, InfraEndpoints, InfraError

PROBE_TIMEOUT = 2.0


def check_postgres(url: str) -> None:
    """Connect and run a query (a TCP connect alone succeeds while the server starts up)."""

    async def query() -> None:
        conn = await asyncpg.connect(url, timeout=PROBE_TIMEOUT)
        try:
            await conn.fetchval("select 1")
        finally:
            await conn.close()

    asyncio.run(query())


def check_redis(url: str) -> None:
    """PING the server."""
    client = redis.Redis.from_url(url, socket_timeout=PROBE_TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()


def check_kafka(bootstrap: str) -> None:
    """List topics through the admin client, as the services' own clients will."""
    host, _, port = bootstrap.rpartition(":")
    # aiokafka logs an ERROR for every refused bootstrap attempt; a plain connect keeps the
    # logs quiet while the broker is not listening yet.
    socket.create_connection((host, int(port)), timeout=PROBE_TIMEOUT).close()

    async def list_topics() -> None:
        admin = AIOKafkaAdminClient(
            bootstrap_servers=bootstrap, request_timeout_ms=int(PROBE_TIMEOUT * 1000)
        )
        await admin.start()
        try:
            await admin.list_topics()
        finally:
            await admin.close()

    asyncio.run(list_topics())


def check_s3(endpoint: str) -> None:
    """Any HTTP answer will do: an unsigned request is refused by real S3 but still answered."""
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(endpoint, timeout=PROBE_TIMEOUT).close()


def wait_until(
    probe: Callable[[], object],
    timeout: float,
    exit_code: Callable[[], int | None] = lambda: None,
) -> None:
    """Poll `probe` until it succeeds; InfraError after `timeout` or once `exit_code()` is set."""
    deadline = time.monotonic() + timeout
    while True:
        # Checked first: a server that died cannot answer, whoever else holds its port.
        code = exit_code()
        if code is not None:
            raise InfraError(f"exited with code {code} while starting")
        try:
            probe()
            return
        except Exception as exc:  # any failure means "not yet"
            last = exc
        if time.monotonic() > deadline:
            raise InfraError(f"did not answer within {timeout:.0f}s ({_one_line(last)})")
        time.sleep(0.05)


def wait_for_endpoints(endpoints: InfraEndpoints, timeout: float = 30.0) -> None:
    """Wait until all four services answer, in parallel; InfraError names one that does not."""
    checks = {
        "postgres_url": check_postgres,
        "redis_url": check_redis,
        "kafka_bootstrap": check_kafka,
        "s3_endpoint": check_s3,
    }
    with ThreadPoolExecutor(len(checks)) as pool:
        futures = {
            field: pool.submit(wait_until, partial(check, getattr(endpoints, field)), timeout)
            for field, check in checks.items()
        }
    for field, future in futures.items():
        if future.exception() is not None:
            where = _without_password(getattr(endpoints, field))
            raise InfraError(f"{ENV_VARS[field]}={where}: {future.exception()}")


def _without_password(url: str) -> str:
    return re.sub(r"//[^/@]*@", "//", url)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
