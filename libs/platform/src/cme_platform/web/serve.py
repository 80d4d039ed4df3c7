"""Running a service process: settings, a preflight check of its dependencies, uvicorn."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

import asyncpg
import uvicorn
from fastapi import FastAPI

from cme_contracts.jurisdictions import RuleFileError, registry
from cme_platform import logging as cme_logging
from cme_platform.messaging import topic_admin
from cme_platform.messaging.kafka import wait_for_broker
from cme_platform.settings import ServiceSettings, WebSettings, load_settings
from cme_platform.web.server import uvicorn_options

S = TypeVar("S", bound=WebSettings)


async def _wait_for_database(url: str, timeout: float) -> None:
    plain = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            connection = await asyncpg.connect(plain, timeout=3)
            await connection.close()
            return
        except Exception as error:  # noqa: BLE001 — any failure means "not yet"
            if asyncio.get_running_loop().time() >= deadline:
                raise ConnectionError(
                    f"PostgreSQL at CME_DATABASE_URL did not answer within {timeout:.0f}s ({error})"
                ) from None
            await asyncio.sleep(0.5)


async def preflight(settings: ServiceSettings) -> None:
    """Wait (bounded) for the database and the broker; raise ConnectionError naming the one that failed."""
    # The Kafka client logs every failed attempt; the one line that matters is ours.
    kafka_log = logging.getLogger("aiokafka")
    level = kafka_log.level
    kafka_log.setLevel(logging.CRITICAL)
    try:
        await asyncio.gather(
            _wait_for_database(settings.database_url, settings.startup_timeout_seconds),
            wait_for_broker(settings.kafka_bootstrap_servers, settings.startup_timeout_seconds),
        )
    finally:
        kafka_log.setLevel(level)
    await check_topics(settings)


async def check_topics(settings: ServiceSettings) -> None:
    """Raise ConnectionError naming every platform topic that is missing or mis-partitioned."""
    wanted = topic_admin.specs(settings)
    if settings.kafka_create_topics:
        await topic_admin.create_missing(settings.kafka_bootstrap_servers, wanted)
    wrong = await topic_admin.problems(settings.kafka_bootstrap_servers, wanted)
    if wrong:
        raise ConnectionError(f"Kafka topics are not as CME_KAFKA_PARTITIONS expects (create them with "
                              f"`cme-topics create`): {'; '.join(wrong)}")


def serve(app_factory: Callable[[S], FastAPI], settings_cls: type[S],
          rule_checks: Sequence[Callable[[], None]] = ()) -> None:
    """The `main` of every service: exits with one clear line on bad configuration.

    `rule_checks` validate the service's table of every jurisdiction's rules.
    """
    settings = load_settings(settings_cls)
    cme_logging.configure(settings.service_name, settings.log_level)
    try:
        # Before any connection: a wrong rule file is found at once, whatever else is down.
        registry()
        for check in rule_checks:
            check()
    except RuleFileError as error:
        print(f"{settings.service_name} cannot start: a jurisdiction's rules are wrong: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        if isinstance(settings, ServiceSettings):  # a process without data (the portal) waits for nothing
            asyncio.run(preflight(settings))
    except ConnectionError as error:
        print(f"{settings.service_name} cannot start: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    app = app_factory(settings)
    uvicorn.run(app, log_config=None, timeout_graceful_shutdown=15, **uvicorn_options(settings))
