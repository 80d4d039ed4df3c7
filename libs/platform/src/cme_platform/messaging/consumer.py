"""The idempotent consumer: inbox in the handler's transaction, offset after commit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Generic

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError, UnknownTopicOrPartitionError

from cme_contracts import IntegrationEvent
from cme_contracts.topics import PARTITIONS, dead_letter_topic
from cme_platform import metrics
from cme_platform.messaging.dispatch import EventDispatcher
from cme_platform.messaging.handlers import Handler, UoW
from cme_platform.messaging.topic_admin import TopicSpec, create_missing, problems

log = logging.getLogger(__name__)
RECHECK_SECONDS = 5.0
# A commit that has not gone through in this long will not: the broker lost the topic or group.
COMMIT_TIMEOUT_SECONDS = 10.0


class TopicsLost(Exception):
    """The broker no longer has this consumer's topics (or its group's offsets)."""

class EventConsumer(Generic[UoW]):
    """Consumes topics in a consumer group and hands the fetched events to its dispatcher
    (dispatch.py: inbox, one transaction per set, retries, dead letters).

    The offset is committed only after the database commit, so a crash in between redelivers
    rather than loses; a message dead-lettered by the dispatcher is committed past, and the
    partition moves on.
    """

    def __init__(self, name: str, topics: tuple[str, ...], handlers: Mapping[type[IntegrationEvent], Handler[UoW]], *,
                 uow_factory: Callable[[], UoW], bootstrap: str, producer: AIOKafkaProducer,
                 max_attempts: int = 5, backoff_seconds: float = 0.2, topic_specs: Iterable[TopicSpec] | None = None):
        self.name = name
        self.topics = topics
        self.dispatcher = EventDispatcher(name, handlers, uow_factory=uow_factory, producer=producer,
                                          max_attempts=max_attempts, backoff_seconds=backoff_seconds)
        self._bootstrap = bootstrap
        self._specs = list(topic_specs) if topic_specs is not None else [
            TopicSpec(t, PARTITIONS) for t in (*self.topics, dead_letter_topic(name))]
        self._stopping = asyncio.Event()
        self.problem: str | None = None
        """Why this consumer is not consuming right now (None: it is), for /readyz."""

    async def handle_record(self, record: ConsumerRecord) -> None:
        """Handle one message end to end: parse, dedupe, retry, dead-letter."""
        await self.dispatcher.handle_record(record)

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
        if await self.dispatcher.handle_set(records):
            await self._commit(consumer, {tp: records[-1].offset + 1})
            return
        handled = None
        for record in records:
            if self._stopping.is_set():
                break  # the rest stays uncommitted: the partition's next owner reads it
            await self.dispatcher.handle_record(record)
            handled = record.offset
        if handled is not None:
            await self._commit(consumer, {tp: handled + 1})

    async def _commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        try:
            await asyncio.wait_for(consumer.commit(offsets), COMMIT_TIMEOUT_SECONDS)
        except (TimeoutError, UnknownTopicOrPartitionError) as error:
            # Not committed: the records come again after recovery, and the inbox skips them.
            raise TopicsLost(f"位点提交失败: {type(error).__name__}") from error

    async def _record_lag(self, consumer: AIOKafkaConsumer) -> None:
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is not None:
                position = await consumer.position(tp)
                metrics.consumer_lag.labels(self.name, tp.topic, tp.partition).set(max(0, highwater - position))
