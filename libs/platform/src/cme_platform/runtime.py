"""A running service: its engine, producer, outbox relay, consumers and readiness checks.

A service's `bootstrap.py` builds one `Runtime` and registers its consumers and checks; the
app factory starts it in the FastAPI lifespan and stops it on shutdown, so the API, the
relay and the consumers of one service share one process and one connection pool.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Generic, cast

from aiokafka import AIOKafkaProducer
from minio import Minio
from redis.asyncio import Redis
from sqlalchemy import text
from typing_extensions import TypeVar

from cme_contracts import IntegrationEvent
from cme_contracts.topics import dead_letter_topic
from cme_platform import metrics
from cme_platform.audit.keys import signer_for
from cme_platform.audit.relay import AuditRelay
from cme_platform.audit.sealer import AuditSealer
from cme_platform.clock import Clock
from cme_platform.db import UnitOfWork, create_engine, session_factory
from cme_platform.doorbell import Doorbell
from cme_platform.messaging import EventConsumer, Handler, OutboxRelay, create_producer, topic_admin
from cme_platform.settings import ServiceSettings
from cme_platform.storage import create_minio, ensure_bucket

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[None]]
SHUTDOWN_GRACE_SECONDS = 10


# The unit of work a service's runtime makes: its own class, with its repositories on it.
U = TypeVar("U", bound=UnitOfWork, default=UnitOfWork, covariant=True)


class Runtime(Generic[U]):
    """Owns the long-lived resources of one service process."""

    def __init__(self, settings: ServiceSettings, uow_class: type[U] = cast("type[U]", UnitOfWork)):
        self.settings = settings
        self.clock = Clock(settings.clock_offset_seconds)
        self.engine = create_engine(settings.database_url)
        self.sessions = session_factory(self.engine)
        self._uow_class = uow_class
        # Kafka clients bind to the running event loop, so they are made in start().
        self.producer: AIOKafkaProducer | None = None
        self.relay: OutboxRelay | None = None
        self.audit_relay: AuditRelay | None = None
        self.audit_signer = signer_for(settings.service_name, settings.audit_signing_key)
        self.doorbell = Doorbell()
        self.audit_sealer = AuditSealer(
            self.sessions,
            service=settings.service_name,
            signer=self.audit_signer,
            batch_size=settings.outbox_batch_size,
            poll_seconds=settings.outbox_poll_seconds,
            idle_seconds=settings.outbox_idle_poll_seconds,
            doorbell=self.doorbell,
        )
        self._consumer_specs: list[tuple[str, tuple[str, ...], Mapping[type[IntegrationEvent], Handler[U]]]] = []
        self.consumers: list[EventConsumer[U]] = []
        self.checks: dict[str, Check] = {"database": self._check_database, "kafka": self._check_kafka,
                                         "consumers": self._check_consumers}
        self.loops: list[Callable[[], Awaitable[None]]] = []
        self.closers: list[Callable[[], Awaitable[None]]] = []
        self.redis: Redis | None = Redis.from_url(settings.redis_url) if settings.redis_url else None
        if self.redis is not None:
            self.checks["redis"] = self._check_redis
            self.closers.append(self.redis.aclose)
        self.s3: Minio | None = create_minio(settings) if settings.s3_endpoint and settings.s3_bucket else None
        if self.s3 is not None:
            self.checks["s3"] = self._check_s3
        self._workers: list[asyncio.Task] = []  # stop on request, finishing what they hold
        self._daemons: list[asyncio.Task] = []  # cancelled at shutdown

    def uow(self) -> U:
        """A new unit of work for one request or one event."""
        uow = self._uow_class(self.sessions, self.settings.service_name)
        uow.clock = self.clock
        uow.doorbell = self.doorbell
        return uow

    def add_consumer(
        self, name: str, topics: tuple[str, ...], handlers: Mapping[type[IntegrationEvent], Handler[U]]
    ) -> None:
        """Register a consumer group; it runs with the workers."""
        self._consumer_specs.append((name, topics, handlers))

    async def start(self) -> None:
        """Connect, create topics, and start the relay and consumers (if this process runs workers)."""
        settings = self.settings
        if settings.kafka_create_topics:
            await topic_admin.create_missing(settings.kafka_bootstrap_servers, topic_admin.specs(settings))
        if self.s3 is not None:
            assert settings.s3_bucket is not None, "CME_S3_BUCKET goes with CME_S3_ENDPOINT"
            await ensure_bucket(self.s3, settings.s3_bucket)
        self.producer = create_producer(settings.kafka_bootstrap_servers, client_id=settings.service_name,
                                        enable_idempotence=settings.kafka_enable_idempotence)
        await self.producer.start()
        self.relay = OutboxRelay(self.sessions, self.producer, service=settings.service_name,
                                 doorbell=self.doorbell, batch_size=settings.outbox_batch_size,
                                 poll_seconds=settings.outbox_poll_seconds,
                                 idle_seconds=settings.outbox_idle_poll_seconds)
        self.audit_relay = AuditRelay(self.sessions, self.producer, service=settings.service_name,
                                      doorbell=self.doorbell, batch_size=settings.outbox_batch_size,
                                      poll_seconds=settings.outbox_poll_seconds,
                                      idle_seconds=settings.outbox_idle_poll_seconds)
        self.consumers = [
            EventConsumer(name, topics, handlers, uow_factory=self.uow, bootstrap=settings.kafka_bootstrap_servers,
                          producer=self.producer, max_attempts=settings.consumer_max_attempts,
                          backoff_seconds=settings.consumer_backoff_seconds,
                          topic_specs=topic_admin.specs(settings, (*topics, dead_letter_topic(name))))
            for name, topics, handlers in self._consumer_specs
        ]
        if self.settings.run_workers:
            self._workers.append(self._spawn("outbox-relay", self.relay.run))
            self._workers.append(self._spawn("audit-sealer", self.audit_sealer.run))
            self._workers.append(self._spawn("audit-relay", self.audit_relay.run))
            for consumer in self.consumers:
                self._workers.append(self._spawn(f"consumer:{consumer.name}", consumer.run))
            self._daemons.extend(self._spawn(loop.__name__, loop) for loop in self.loops)
        self._daemons.append(self._spawn("outbox-backlog-gauge", self._watch_backlog))

    async def stop(self) -> None:
        """Let in-flight work finish (bounded), then close connections."""
        if self.relay is not None:
            self.relay.stop()
        self.audit_sealer.stop()
        if self.audit_relay is not None:
            self.audit_relay.stop()
        for consumer in self.consumers:
            consumer.stop()
        for task in self._daemons:
            task.cancel()
        if self._workers:
            _, pending = await asyncio.wait(self._workers, timeout=SHUTDOWN_GRACE_SECONDS)
            for task in pending:
                task.cancel()  # abandoned safely: uncommitted offsets and unmarked outbox rows are redone
        await asyncio.gather(*self._workers, *self._daemons, return_exceptions=True)
        for close in self.closers:
            await close()
        if self.producer is not None:
            await self.producer.stop()
        await self.engine.dispose()

    def _spawn(self, name: str, target: Callable[[], Awaitable[None]]) -> asyncio.Task:
        return asyncio.create_task(self._supervise(name, target), name=name)

    async def _supervise(self, name: str, target: Callable[[], Awaitable[None]]) -> None:
        """Restart a background loop that crashed (a broker outage), with a pause."""
        while True:
            try:
                await target()
                return
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001
                log.exception("background task crashed; restarting", extra={"task": name})
                await asyncio.sleep(2)

    async def _watch_backlog(self) -> None:
        while True:
            try:
                assert self.relay is not None and self.audit_relay is not None  # set by start()
                backlog = await self.relay.backlog() + await self.audit_relay.backlog()
                metrics.outbox_backlog.labels(self.settings.service_name).set(backlog)
                age = max(await self.relay.oldest_unpublished_seconds(),
                          await self.audit_relay.oldest_unpublished_seconds())
                metrics.outbox_oldest_age.labels(self.settings.service_name).set(age)
            except Exception:  # noqa: BLE001 — a gauge must not take the service down
                log.debug("backlog gauge failed", exc_info=True)
            await asyncio.sleep(5)

    async def readiness(self) -> dict[str, str]:
        """Run every check; the value is "ok" or the reason it failed."""
        async def run(check: Check) -> str:
            try:
                await asyncio.wait_for(check(), 3)
                return "ok"
            except Exception as error:  # noqa: BLE001
                return f"{type(error).__name__}: {error}"[:300]

        names = list(self.checks)
        results = await asyncio.gather(*(run(self.checks[n]) for n in names))
        return dict(zip(names, results, strict=True))

    async def _check_database(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("select 1"))

    async def _check_kafka(self) -> None:
        if self.producer is None:
            raise ConnectionError("producer not started")
        await self.producer.client.fetch_all_metadata()

    async def _check_consumers(self) -> None:
        troubled = [f"{c.name}: {c.problem}" for c in self.consumers if c.problem]
        if troubled:
            raise ConnectionError("; ".join(troubled))

    async def _check_redis(self) -> None:
        assert self.redis is not None  # checked only when configured
        await self.redis.ping()

    async def _check_s3(self) -> None:
        assert self.s3 is not None and self.settings.s3_bucket is not None  # checked only when configured
        await asyncio.to_thread(self.s3.bucket_exists, self.settings.s3_bucket)
