"""Creating Kafka clients the one way the platform uses them."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from cme_contracts import topics

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


async def ensure_topics(bootstrap: str, names: tuple[str, ...] = topics.ALL, partitions: int = topics.PARTITIONS) -> None:
    """Create the platform's topics if missing (idempotent, safe from several processes)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(n, num_partitions=partitions, replication_factor=1) for n in names if n not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass  # another process won the race; the topic is there either way
    finally:
        await admin.close()


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
