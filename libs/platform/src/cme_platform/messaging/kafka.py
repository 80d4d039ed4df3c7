"""Creating Kafka clients the one way the platform uses them."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from cme_contracts import topics
from cme_platform.messaging.topic_admin import TopicSpec, create_missing

log = logging.getLogger(__name__)


def create_producer(bootstrap: str, *, client_id: str, enable_idempotence: bool = False) -> AIOKafkaProducer:
    """A producer that waits for all in-sync replicas (acks=all).

    Idempotence stays off by default: some Kafka-protocol brokers refuse InitProducerId,
    and the outbox + inbox already give effectively-once delivery without it.
    """
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=enable_idempotence,
        linger_ms=5,
        request_timeout_ms=15000,
    )


async def ensure_topics(
    bootstrap: str, names: tuple[str, ...] = topics.ALL, partitions: int = topics.PARTITIONS
) -> None:
    """Create `names` if missing with `partitions` each (for tests and tools; services use topic_admin)."""
    await create_missing(bootstrap, [TopicSpec(name, partitions) for name in names])


async def wait_for_broker(bootstrap: str, timeout: float) -> None:
    """Return when the broker answers metadata requests; raise ConnectionError after timeout."""
    deadline = asyncio.get_running_loop().time() + timeout
    last: Exception | None = None
    while asyncio.get_running_loop().time() < deadline:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
        try:
            await admin.start()
            await admin.list_topics()
            return
        except Exception as error:  # noqa: BLE001 — any failure means "not yet"
            last = error
            await asyncio.sleep(0.5)
        finally:
            await admin.close()
    raise ConnectionError(f"Kafka broker at {bootstrap} did not answer within {timeout:.0f}s ({last})")


async def read_all(bootstrap: str, topic: str) -> list[ConsumerRecord]:
    """Every record of topic from its beginning until caught up, in order within each partition.

    Partitions are assigned directly (no consumer group, no committed offsets), so reading
    neither needs nor disturbs any group: for operators' and regulators' tools.
    """
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=15000)
    await consumer.start()
    try:
        await consumer.topics()  # loads the cluster metadata that partitions_for_topic reads
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            raise ConnectionError(f"主题 {topic} 不存在或无法读取")
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[ConsumerRecord] = []
        while True:
            batches = await consumer.getmany(*partitions, timeout_ms=1500)
            for tp in sorted(batches, key=lambda t: t.partition):
                records.extend(batches[tp])
            # Stop at a quiet poll past the end offsets: some Kafka-protocol brokers report end
            # offsets short of the last record, so the quiet poll is what says "caught up".
            if not batches and all([await consumer.position(tp) >= ends[tp] for tp in partitions]):
                return records
    finally:
        await consumer.stop()
