"""Reading the audit topic from its beginning to its current end."""

from __future__ import annotations

import json

from aiokafka import AIOKafkaConsumer, TopicPartition


async def read_topic(bootstrap: str, topic: str) -> list[tuple[str, dict]]:
    """Every message of topic as (\"partition:offset\", parsed JSON), in order within each partition.

    Partitions are assigned directly (no consumer group, no committed offsets), so a replay
    neither needs nor disturbs any group. It reads until it has caught up with the topic.
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
        messages: list[tuple[str, dict]] = []
        while True:
            batches = await consumer.getmany(*partitions, timeout_ms=1500)
            for tp in sorted(batches, key=lambda t: t.partition):
                messages.extend((f"{tp.partition}:{r.offset}", _parse(r.value)) for r in batches[tp])
            # Stop at a quiet poll past the end offsets: some Kafka-protocol brokers report end
            # offsets short of the last record, so the quiet poll is what says "caught up".
            if not batches and all([await consumer.position(tp) >= ends[tp] for tp in partitions]):
                return messages
    finally:
        await consumer.stop()


def _parse(raw: bytes | None) -> dict:
    """A message as JSON; anything else becomes an empty object, which verify reports as malformed."""
    try:
        value = json.loads(raw or b"")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
