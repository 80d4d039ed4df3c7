"""The dev/test infrastructure: real servers, driven by the clients the services use."""

from __future__ import annotations

import asyncio
import io
import time
import uuid

import asyncpg
import pytest
import redis.asyncio as aioredis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from minio import Minio

from cme_platform.devstack import InfraEndpoints, InfraError, drop_database, ensure_database, infrastructure, processes
from cme_platform.devstack.probes import wait_for_endpoints


def _unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


async def test_postgres_answers(infra: InfraEndpoints) -> None:
    conn = await asyncpg.connect(infra.postgres_url)
    try:
        assert "PostgreSQL" in await conn.fetchval("select version()")
        assert await conn.fetchval("show max_connections") == "300"
    finally:
        await conn.close()


async def test_redis_set_get(infra: InfraEndpoints) -> None:
    client = aioredis.Redis.from_url(infra.redis_url)
    try:
        await client.set("devstack:key", "value")
        assert await client.get("devstack:key") == b"value"
    finally:
        await client.aclose()


async def test_kafka_partitions_acks_all_and_group_commit(infra: InfraEndpoints) -> None:
    topic, group, count = _unique("devstack"), _unique("group"), 30
    admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])
    finally:
        await admin.close()

    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for i in range(count):
            await producer.send_and_wait(topic, f"v{i}".encode(), partition=i % 3)
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=infra.kafka_bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        # Tansu answers JoinGroup after half the session timeout; 6 s is real Kafka's minimum.
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
    )
    await consumer.start()
    try:
        seen = await _consume(consumer, count)
        await consumer.commit()
        committed = [await consumer.committed(TopicPartition(topic, p)) for p in range(3)]
    finally:
        await consumer.stop()
    assert sorted(seen) == sorted(f"v{i}" for i in range(count))
    assert committed == [count // 3] * 3


async def _consume(consumer: AIOKafkaConsumer, count: int) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + 30
    while len(seen) < count and time.monotonic() < deadline:
        batches = await consumer.getmany(timeout_ms=500)
        seen += [record.value.decode() for records in batches.values() for record in records]
    return seen


def test_s3_bucket_put_get(infra: InfraEndpoints) -> None:
    client = Minio(
        infra.s3_endpoint.removeprefix("http://"),
        access_key=infra.s3_access_key,
        secret_key=infra.s3_secret_key,
        secure=False,
    )
    bucket = _unique("devstack").replace("_", "-")
    client.make_bucket(bucket)
    client.put_object(bucket, "a/b.txt", io.BytesIO(b"hello"), length=5)
    response = client.get_object(bucket, "a/b.txt")
    try:
        assert response.read() == b"hello"
    finally:
        response.close()
        response.release_conn()


async def test_ensure_database_is_idempotent_and_drop_removes_it(infra: InfraEndpoints) -> None:
    name = _unique("devstack")
    await asyncio.gather(*(ensure_database(infra, name) for _ in range(4)))
    await ensure_database(infra, name)
    conn = await asyncpg.connect(infra.database_url(name, driver=None))
    assert await conn.fetchval("select current_database()") == name
    await conn.close()

    await drop_database(infra, name)
    await drop_database(infra, name)
    admin = await asyncpg.connect(infra.postgres_url)
    try:
        assert await admin.fetchval("select 1 from pg_database where datname = $1", name) is None
    finally:
        await admin.close()


def test_database_url_keeps_credentials_and_swaps_driver() -> None:
    endpoints = InfraEndpoints(
        postgres_url="postgresql://u:p@db:5432/postgres",
        redis_url="redis://r:6379/0",
        kafka_bootstrap="k:9092",
        s3_endpoint="http://s3:9000",
        s3_access_key="a",
        s3_secret_key="s",
    )
    assert endpoints.database_url("cme") == "postgresql+asyncpg://u:p@db:5432/cme"
    assert endpoints.database_url("cme", driver=None) == "postgresql://u:p@db:5432/cme"
    assert InfraEndpoints.from_env(endpoints.as_env()) == endpoints
    assert InfraEndpoints.from_env({"CME_INFRA_REDIS_URL": "redis://r"}) is None


def test_env_vars_use_running_services(infra: InfraEndpoints, monkeypatch) -> None:
    for name, value in infra.as_env().items():
        monkeypatch.setenv(name, value)
    before = set(processes.running())

    def no_start(self, timeout):
        raise AssertionError(f"started {self.name}")

    monkeypatch.setattr(processes.ManagedProcess, "run", no_start)
    with infrastructure() as again:
        assert again == infra
    assert set(processes.running()) == before


def test_env_vars_naming_a_dead_service_fail_with_its_name(infra: InfraEndpoints) -> None:
    closed = f"127.0.0.1:{processes.free_port()}"
    dead = InfraEndpoints(**{**vars(infra), "kafka_bootstrap": closed})
    with pytest.raises(InfraError, match=r"^CME_INFRA_KAFKA_BOOTSTRAP=127\.0\.0\.1:\d+: did not"):
        wait_for_endpoints(dead, timeout=1)
