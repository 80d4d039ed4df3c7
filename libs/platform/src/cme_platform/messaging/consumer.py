"""The idempotent consumer: inbox in the handler's transaction, offset after commit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Generic

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError, UnknownTopicOrPartitionError

from cme_contracts import Envelope, IntegrationEvent, parse_event
from cme_contracts.topics import PARTITIONS, dead_letter_topic
from cme_platform import context, metrics
from cme_platform.messaging.handlers import Batched, Handler, UoW
from cme_platform.messaging.topic_admin import TopicSpec, create_missing, problems

log = logging.getLogger(__name__)
RECHECK_SECONDS = 5.0
# A commit that has not gone through in this long will not: the broker lost the topic or group.
COMMIT_TIMEOUT_SECONDS = 10.0


class TopicsLost(Exception):
    """The broker no longer has this consumer's topics (or its group's offsets)."""

class EventConsumer(Generic[UoW]):
    """Consumes topics in a consumer group and dispatches events to handlers by type.

    The events of a fetched batch are handled in one transaction that also inserts
    (consumer, event id) into the inbox: a redelivered event finds its key taken and changes
    nothing. An event that fails in a batch is taken out and handled alone; the others go on
    together. The offset is
    committed only after the database commit, so a crash in between redelivers rather than
    loses. A handler that keeps failing is retried with backoff, then the message goes to
    the consumer's dead-letter topic with the reason, and the partition moves on.
    """

    def __init__(self, name: str, topics: tuple[str, ...], handlers: Mapping[type[IntegrationEvent], Handler[UoW]], *,
                 uow_factory: Callable[[], UoW], bootstrap: str, producer: AIOKafkaProducer,
                 max_attempts: int = 5, backoff_seconds: float = 0.2, topic_specs: Iterable[TopicSpec] | None = None):
        self.name = name
        self.topics = topics
        self._handlers = {model.type_name(): h for model, h in handlers.items()}
        self._uow_factory = uow_factory
        self._bootstrap = bootstrap
        self._producer = producer
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds
        self._specs = list(topic_specs) if topic_specs is not None else [
            TopicSpec(t, PARTITIONS) for t in (*self.topics, dead_letter_topic(name))]
        self._stopping = asyncio.Event()
        self.problem: str | None = None
        """Why this consumer is not consuming right now (None: it is), for /readyz."""

    def stop(self) -> None:
        """Finish the message in hand, commit, and return from `run`."""
        self._stopping.set()

    async def run(self) -> None:
        """Consume until `stop`, recovering when the broker loses the topics."""
        while not self._stopping.is_set():
            await self._ensure_topics()
            consumer = self._new_consumer()
            try:
                # Started inside the try: a process stopped while the group join is still under way
                # must leave the group, or the next member waits for this one's session to lapse.
                await consumer.start()
                await self._consume(consumer)
            except TopicsLost as lost:
                # A broker that came back empty (or lost a topic) answers every commit with
                # UnknownTopicOrPartition, which the client retries for ever: start again
                # from the topics instead, unready until they are back.
                self.problem = str(lost)
                log.warning("consumer lost its topics; re-checking", extra={"consumer": self.name, "reason": str(lost)})
                await self._pause(RECHECK_SECONDS)
            finally:
                await consumer.stop()

    async def _ensure_topics(self) -> None:
        """Create missing topics, waiting (unready) while the broker does not answer.

        A topic with the wrong partition count is reported but consumed all the same: its
        events still have to be handled, and only an operator can re-partition it.
        """
        while not self._stopping.is_set():
            try:
                await create_missing(self._bootstrap, self._specs)
                wrong = await problems(self._bootstrap, self._specs)
            except Exception as error:  # noqa: BLE001 — the broker may still be coming back
                self.problem = f"消息代理不可用: {type(error).__name__}: {error}"[:300]
                log.warning("consumer cannot reach its topics", extra={"consumer": self.name, "reason": self.problem})
                await self._pause(RECHECK_SECONDS)
                continue
            self.problem = ("主题异常: " + "; ".join(wrong)) if wrong else None
            if wrong:
                log.error("consumer topics not as expected", extra={"consumer": self.name, "reason": self.problem})
            return

    def _new_consumer(self) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            *self.topics, bootstrap_servers=self._bootstrap, group_id=self.name,
            enable_auto_commit=False, auto_offset_reset="earliest", client_id=self.name,
            # Kafka's minimum session timeout: a replacement consumer takes over a dead one's
            # partitions sooner, and some brokers delay group joins in proportion to it.
            session_timeout_ms=6000, heartbeat_interval_ms=2000,
        )

    async def _consume(self, consumer: AIOKafkaConsumer) -> None:
        checked = asyncio.get_running_loop().time()
        while not self._stopping.is_set():
            try:
                batches = await consumer.getmany(timeout_ms=300, max_records=200)
            except UnknownTopicOrPartitionError as error:
                raise TopicsLost(f"拉取失败: {type(error).__name__}") from error
            for tp, records in batches.items():
                await self._consume_partition(consumer, tp, records)
            await self._record_lag(consumer)
            if asyncio.get_running_loop().time() - checked > RECHECK_SECONDS:
                await self._check_topics_still_there(consumer)
                checked = asyncio.get_running_loop().time()

    async def _check_topics_still_there(self, consumer: AIOKafkaConsumer) -> None:
        # A broker restarted empty answers fetches with nothing at all, so silence is not proof.
        try:
            existing = await consumer.topics()
        except KafkaError as error:
            raise TopicsLost(f"消息代理不可用: {type(error).__name__}") from error
        missing = [t for t in self.topics if t not in existing]
        if missing:
            raise TopicsLost("主题不存在: " + ", ".join(missing))

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            pass

    async def _consume_partition(
        self, consumer: AIOKafkaConsumer, tp: TopicPartition, records: list[ConsumerRecord]
    ) -> None:
        # The fetched batch in as few transactions as its events allow, then one offset commit:
        # a crash before the commit redelivers the batch, and the inbox makes that harmless.
        if self._stopping.is_set():
            return
        read = [(record, self._read(record)) for record in records]
        wanted = [(r, e) for r, e in read if isinstance(e, Envelope) and e.type in self._handlers]
        if len(wanted) > 1:
            await self._handle_in_sets(wanted)
            for record, problem in read:
                if isinstance(problem, str):
                    await self._dead_letter(record, problem)
            await self._commit(consumer, {tp: records[-1].offset + 1})
            return
        handled = None
        for record in records:
            if self._stopping.is_set():
                break  # the rest stays uncommitted: the partition's next owner reads it
            await self.handle_record(record)
            handled = record.offset
        if handled is not None:
            await self._commit(consumer, {tp: handled + 1})

    @staticmethod
    def _read(record: ConsumerRecord) -> Envelope | str:
        """The record's envelope, or why it is not one."""
        try:
            return Envelope.from_bytes(record.value)
        except ValueError as error:
            return f"malformed envelope: {error}"

    async def _handle_in_sets(self, wanted: list[tuple[ConsumerRecord, Envelope]]) -> None:
        """Handle events together; when one fails, those before it go together again, it goes
        alone (retried, then dead-lettered), and those after it go on together."""
        while wanted:
            failed = await self._handle_together(wanted)
            if failed is None:
                return
            if failed:
                await self._handle_in_sets(wanted[:failed])
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
            if run and not (run[0][1].type == kind and isinstance(self._handlers[kind], Batched)):
                yield run
                run = []
            run.append(item)
        if run:
            yield run

    async def _handle_run(self, run: list[Envelope], uow: UoW) -> None:
        first = run[0]
        token = context.use(context.TraceContext(first.correlationid, first.id, first.traceparent))
        try:
            handler = self._handlers[first.type]
            if isinstance(handler, Batched):
                await handler.handle([parse_event(envelope) for envelope in run], uow)
            else:
                await handler(parse_event(first), uow)
        finally:
            context.reset(token)

    async def _commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        try:
            await asyncio.wait_for(consumer.commit(offsets), COMMIT_TIMEOUT_SECONDS)
        except (TimeoutError, UnknownTopicOrPartitionError) as error:
            # Not committed: the records come again after recovery, and the inbox skips them.
            raise TopicsLost(f"位点提交失败: {type(error).__name__}") from error

    async def handle_record(self, record: ConsumerRecord) -> None:
        """Handle one message end to end: parse, dedupe, retry, dead-letter."""
        envelope = self._read(record)
        if isinstance(envelope, str):
            await self._dead_letter(record, envelope)
            return
        handler = self._handlers.get(envelope.type)
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
                    await self._dead_letter(record, f"{type(error).__name__}: {error}", envelope)
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
