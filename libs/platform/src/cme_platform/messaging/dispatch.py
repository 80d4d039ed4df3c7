"""What a consumer does with the records it fetched: inbox, transaction, retries, dead letters.

The Kafka side (group, topics, offsets) is the consumer's (consumer.py); this is the database
side, so that each can be read on its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Generic

from aiokafka import AIOKafkaProducer, ConsumerRecord

from cme_contracts import Envelope, IntegrationEvent, parse_event
from cme_contracts.topics import dead_letter_topic
from cme_platform import context, metrics
from cme_platform.messaging.handlers import Batched, Handler, UoW

log = logging.getLogger(__name__)


class EventDispatcher(Generic[UoW]):
    """Hands fetched events to their handlers, each set in one transaction with its inbox rows.

    The events of a fetched batch are handled in one transaction that also inserts
    (consumer, event id) into the inbox: a redelivered event finds its key taken and changes
    nothing. An event that fails in a batch is taken out and handled alone; the others go on
    together. A handler that keeps failing is retried with backoff, then the message goes to
    the consumer's dead-letter topic with the reason.
    """

    def __init__(self, name: str, handlers: Mapping[type[IntegrationEvent], Handler[UoW]], *,
                 uow_factory: Callable[[], UoW], producer: AIOKafkaProducer,
                 max_attempts: int = 5, backoff_seconds: float = 0.2):
        self.name = name
        self.handlers = {model.type_name(): h for model, h in handlers.items()}
        self._uow_factory = uow_factory
        self._producer = producer
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds

    async def handle_set(self, records: list[ConsumerRecord]) -> bool:
        """Handle fetched records as sets (dead-lettering the unreadable); False, having done
        nothing, when fewer than two are this consumer's: the caller then goes one by one."""
        read = [(record, self.read(record)) for record in records]
        wanted = [(r, e) for r, e in read if isinstance(e, Envelope) and e.type in self.handlers]
        if len(wanted) < 2:
            return False
        await self.handle_in_sets(wanted)
        for record, problem in read:
            if isinstance(problem, str):
                await self.dead_letter(record, problem)
        return True

    @staticmethod
    def read(record: ConsumerRecord) -> Envelope | str:
        """The record's envelope, or why it is not one."""
        try:
            return Envelope.from_bytes(record.value)
        except ValueError as error:
            return f"malformed envelope: {error}"

    async def handle_in_sets(self, wanted: list[tuple[ConsumerRecord, Envelope]]) -> None:
        """Handle events together; when one fails, those before it go together again, it goes
        alone (retried, then dead-lettered), and those after it go on together."""
        while wanted:
            failed = await self._handle_together(wanted)
            if failed is None:
                return
            if failed:
                await self.handle_in_sets(wanted[:failed])
            await self.handle_record(wanted[failed][0])
            wanted = wanted[failed + 1:]

    async def _handle_together(self, wanted: list[tuple[ConsumerRecord, Envelope]]) -> int | None:
        """Handle events in one transaction with one inbox insert; the index of the first that
        failed (the transaction rolled back), or None when all are committed."""
        outcomes, at = [], 0
        try:
            async with self._uow_factory() as uow:
                new = await uow.claim_inbox(self.name, [envelope for _, envelope in wanted])
                fresh = []
                for index, (_, envelope) in enumerate(wanted):
                    outcomes.append((envelope.type, "handled" if envelope.id in new else "duplicate"))
                    if envelope.id in new:
                        new.discard(envelope.id)  # the same event twice in one batch is handled once
                        fresh.append((index, envelope))
                for run in self._runs(fresh):
                    at = run[0][0]
                    await self._handle_run([envelope for _, envelope in run], uow)
                await uow.commit()
        except Exception as error:  # noqa: BLE001 — the failing event is handled alone
            log.warning("event failed in a batch; handling it alone",
                        extra={"consumer": self.name, "events": len(wanted), "error": repr(error)})
            return at
        for event_type, outcome in outcomes:
            metrics.events_handled.labels(self.name, event_type, outcome).inc()
        return None

    def _runs(self, fresh: list[tuple[int, Envelope]]) -> Iterable[list[tuple[int, Envelope]]]:
        """The events in order: consecutive ones of a Batched handler together, the others alone."""
        run: list[tuple[int, Envelope]] = []
        for item in fresh:
            kind = item[1].type
            if run and not (run[0][1].type == kind and isinstance(self.handlers[kind], Batched)):
                yield run
                run = []
            run.append(item)
        if run:
            yield run

    async def _handle_run(self, run: list[Envelope], uow: UoW) -> None:
        first = run[0]
        token = context.use(context.TraceContext(first.correlationid, first.id, first.traceparent))
        try:
            handler = self.handlers[first.type]
            if isinstance(handler, Batched):
                await handler.handle([parse_event(envelope) for envelope in run], uow)
            else:
                await handler(parse_event(first), uow)
        finally:
            context.reset(token)

    async def handle_record(self, record: ConsumerRecord) -> None:
        """Handle one message end to end: parse, dedupe, retry, dead-letter."""
        envelope = self.read(record)
        if isinstance(envelope, str):
            await self.dead_letter(record, envelope)
            return
        handler = self.handlers.get(envelope.type)
        if handler is None:
            return  # not an event this consumer subscribes to
        token = context.use(context.TraceContext(envelope.correlationid, envelope.id, envelope.traceparent))
        try:
            await self._with_retries(record, envelope, handler)
        finally:
            context.reset(token)

    async def _with_retries(self, record: ConsumerRecord, envelope: Envelope, handler: Handler[UoW]) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                outcome = await self._handle_once(envelope, handler)
                metrics.events_handled.labels(self.name, envelope.type, outcome).inc()
                return
            except Exception as error:  # noqa: BLE001 — any failure is retried, then dead-lettered
                log.warning("handler failed", extra={"event_id": envelope.id, "attempt": attempt, "error": repr(error)})
                if attempt == self._max_attempts:
                    await self.dead_letter(record, f"{type(error).__name__}: {error}", envelope)
                    return
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))

    async def _handle_once(self, envelope: Envelope, handler: Handler[UoW]) -> str:
        event = parse_event(envelope)
        async with self._uow_factory() as uow:
            if not await uow.claim_inbox(self.name, [envelope]):
                return "duplicate"
            await handler(event, uow)
            await uow.commit()
        return "handled"

    async def dead_letter(self, record: ConsumerRecord, reason: str, envelope: Envelope | None = None) -> None:
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

