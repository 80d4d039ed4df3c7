"""The idempotent consumer: inbox in the handler's transaction, offset after commit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from cme_contracts import Envelope, IntegrationEvent, parse_event
from cme_contracts.topics import dead_letter_topic
from cme_platform import context, metrics
from cme_platform.db.uow import UnitOfWork
from cme_platform.messaging.kafka import ensure_topics

log = logging.getLogger(__name__)

Handler = Callable[[IntegrationEvent, UnitOfWork], Awaitable[None]]
"""Handles one event inside a unit of work; the consumer commits it."""


class EventConsumer:
    """Consumes topics in a consumer group and dispatches events to handlers by type.

    Each event is handled in one transaction that also inserts (consumer, event id) into
    the inbox: a redelivered event finds its key taken and changes nothing. The offset is
    committed only after the database commit, so a crash in between redelivers rather than
    loses. A handler that keeps failing is retried with backoff, then the message goes to
    the consumer's dead-letter topic with the reason, and the partition moves on.
    """

    def __init__(self, name: str, topics: tuple[str, ...], handlers: Mapping[type[IntegrationEvent], Handler], *,
                 uow_factory: Callable[[], UnitOfWork], bootstrap: str, producer: AIOKafkaProducer,
                 max_attempts: int = 5, backoff_seconds: float = 0.2):
        self.name = name
        self.topics = topics
        self._handlers = {model.type_name(): h for model, h in handlers.items()}
        self._uow_factory = uow_factory
        self._bootstrap = bootstrap
        self._producer = producer
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Finish the message in hand, commit, and return from `run`."""
        self._stopping.set()

    async def run(self) -> None:
        """Consume until `stop`."""
        await ensure_topics(self._bootstrap, (*self.topics, dead_letter_topic(self.name)))
        consumer = AIOKafkaConsumer(
            *self.topics, bootstrap_servers=self._bootstrap, group_id=self.name,
            enable_auto_commit=False, auto_offset_reset="earliest", client_id=self.name,
            # Kafka's minimum session timeout: a replacement consumer takes over a dead one's
            # partitions sooner, and some brokers delay group joins in proportion to it.
            session_timeout_ms=6000, heartbeat_interval_ms=2000,
        )
        await consumer.start()
        try:
            while not self._stopping.is_set():
                batches = await consumer.getmany(timeout_ms=300, max_records=200)
                for tp, records in batches.items():
                    await self._consume_partition(consumer, tp, records)
                await self._record_lag(consumer)
        finally:
            await consumer.stop()

    async def _consume_partition(self, consumer: AIOKafkaConsumer, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        # One offset commit per fetched batch, after every record in it is in the database:
        # a crash before the commit redelivers the batch, and the inbox makes that harmless.
        handled = None
        for record in records:
            if self._stopping.is_set():
                break  # the rest stays uncommitted: the partition's next owner reads it
            await self.handle_record(record)
            handled = record.offset
        if handled is not None:
            await consumer.commit({tp: handled + 1})

    async def handle_record(self, record: ConsumerRecord) -> None:
        """Handle one message end to end: parse, dedupe, retry, dead-letter."""
        try:
            envelope = Envelope.from_bytes(record.value)
        except ValueError as error:
            await self._dead_letter(record, f"malformed envelope: {error}")
            return
        handler = self._handlers.get(envelope.type)
        if handler is None:
            return  # not an event this consumer subscribes to
        token = context.use(context.TraceContext(envelope.correlationid, envelope.id, envelope.traceparent))
        try:
            await self._with_retries(record, envelope, handler)
        finally:
            context.reset(token)

    async def _with_retries(self, record: ConsumerRecord, envelope: Envelope, handler: Handler) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                outcome = await self._handle_once(envelope, handler)
                metrics.events_handled.labels(self.name, envelope.type, outcome).inc()
                return
            except Exception as error:  # noqa: BLE001 — any failure is retried, then dead-lettered
                log.warning("handler failed", extra={"event_id": envelope.id, "attempt": attempt, "error": repr(error)})
                if attempt == self._max_attempts:
                    await self._dead_letter(record, f"{type(error).__name__}: {error}", envelope)
                    return
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))

    async def _handle_once(self, envelope: Envelope, handler: Handler) -> str:
        event = parse_event(envelope)
        async with self._uow_factory() as uow:
            if not await uow.claim_inbox(self.name, envelope):
                return "duplicate"
            await handler(event, uow)
            await uow.commit()
        return "handled"

    async def _dead_letter(self, record: ConsumerRecord, reason: str, envelope: Envelope | None = None) -> None:
        headers = [
            ("dlt-reason", reason[:4000].encode()),
            ("dlt-topic", record.topic.encode()),
            ("dlt-partition", str(record.partition).encode()),
            ("dlt-offset", str(record.offset).encode()),
            ("dlt-consumer", self.name.encode()),
        ]
        await self._producer.send_and_wait(dead_letter_topic(self.name), record.value, key=record.key, headers=headers)
        metrics.events_dead_lettered.labels(self.name).inc()
        metrics.events_handled.labels(self.name, envelope.type if envelope else "unknown", "dead_lettered").inc()
        log.error("event dead-lettered", extra={"reason": reason, "topic": record.topic, "offset": record.offset})

    async def _record_lag(self, consumer: AIOKafkaConsumer) -> None:
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is not None:
                position = await consumer.position(tp)
                metrics.consumer_lag.labels(self.name, tp.topic, tp.partition).set(max(0, highwater - position))
