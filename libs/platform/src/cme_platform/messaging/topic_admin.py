"""The platform's topics as settings say they should be: creating them and checking them.

Created by a deploy step (`cme-topics create`, a Kubernetes Job, a compose one-shot), by
`make dev`, and by a service at start-up where `CME_KAFKA_CREATE_TOPICS` allows; every
service checks at start-up that its topics exist with the expected partitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from cme_contracts import topics
from cme_platform.settings import KafkaSettings


@dataclass(frozen=True)
class TopicSpec:
    """One topic: its name, partitions, replication factor and topic-level configs."""

    name: str
    partitions: int
    replication_factor: int = 1
    config: dict[str, str] = field(default_factory=dict)

    def new_topic(self) -> NewTopic:
        return NewTopic(self.name, num_partitions=self.partitions, replication_factor=self.replication_factor,
                        topic_configs=self.config)


def platform_topics() -> tuple[str, ...]:
    """Every topic of the platform: events, audit, dead letters and the replay log."""
    return (*topics.ALL, *topics.DEAD_LETTERS, topics.REPLAYED)


def spec_for(name: str, settings: KafkaSettings) -> TopicSpec:
    """The shape `name` should have under these settings."""
    # The audit stream and the replay log are records kept for good; events age out.
    forever = name in (topics.AUDIT, topics.REPLAYED)
    retention = settings.kafka_audit_retention_ms if forever else settings.kafka_retention_ms
    config = {"min.insync.replicas": str(settings.kafka_min_insync_replicas), "retention.ms": str(retention)}
    return TopicSpec(name, settings.kafka_partitions, settings.kafka_replication_factor, config)


def specs(settings: KafkaSettings, names: tuple[str, ...] | None = None) -> list[TopicSpec]:
    """The specs of `names` (default: every platform topic)."""
    return [spec_for(n, settings) for n in (names or platform_topics())]


def _admin(bootstrap: str) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)


async def create_missing(bootstrap: str, wanted: list[TopicSpec]) -> list[str]:
    """Create the topics of `wanted` that do not exist (safe from several processes); returns their names."""
    admin = _admin(bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in wanted if s.name not in existing]
        if missing:
            try:
                await admin.create_topics([s.new_topic() for s in missing])
            except TopicAlreadyExistsError:
                pass  # another process won the race; the topic is there either way
        return [s.name for s in missing]
    finally:
        await admin.close()


async def problems(bootstrap: str, wanted: list[TopicSpec]) -> list[str]:
    """What is wrong with the topics of `wanted`, one phrase each (empty: all as expected)."""
    admin = _admin(bootstrap)
    await admin.start()
    try:
        # Only existing topics are described: some brokers create a topic that is merely asked about.
        existing = set(await admin.list_topics())
        found = [s for s in wanted if s.name in existing]
        partitions = {t["topic"]: len(t["partitions"]) for t in await admin.describe_topics([s.name for s in found])} \
            if found else {}
    finally:
        await admin.close()
    wrong = [f"{s.name} 不存在 (missing)" for s in wanted if s.name not in existing]
    wrong += [f"{s.name} 有 {partitions[s.name]} 个分区，应为 {s.partitions} (partitions)"
              for s in found if partitions.get(s.name) != s.partitions]
    return wrong
