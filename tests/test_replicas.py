"""Scale-out: two replicas of one consumer share a topic's partitions and handle each event once,
keeping each key's events (one learner's, one session's) in order."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from cme_contracts import Envelope
from cme_contracts.events import CreditClass, ProjectLevel, ProjectPublished
from cme_platform.db import UnitOfWork
from cme_platform.messaging import EventConsumer, create_producer, ensure_topics
from cme_platform.testing.services import eventually, platform_database

KEYS, PER_KEY = 8, 10

ledger_metadata = MetaData()
ledger = Table("handled", ledger_metadata, Column("id", Integer, primary_key=True, autoincrement=True),
               Column("key", String(64)), Column("seq", Integer),
               Column("replica", String(20)))


def event(key: str, seq: int) -> ProjectPublished:
    return ProjectPublished(
        project_id=key, number=f"2021-03-05-{seq:03d}（国）", number_normalized=f"2021-03-05-{seq:03d}(国)",
        name=f"项目{seq}", level=ProjectLevel.NATIONAL, credit_class=CreditClass.I, credits=4,
        jurisdiction="jiangsu", year=2021,
    )


@pytest.fixture
async def replica_db(infra):
    async with platform_database(infra, "replicas", ledger_metadata) as sessions:
        yield sessions


async def test_two_replicas_in_one_group_handle_every_event_once_and_each_key_in_order(infra, replica_db):
    topic, group = f"cme.test.replicas.{uuid.uuid4().hex[:8]}", f"replicas-{uuid.uuid4().hex[:8]}"
    await ensure_topics(infra.kafka_bootstrap, (topic,))
    producer = create_producer(infra.kafka_bootstrap, client_id="replicas-test")
    await producer.start()

    def replica(name: str) -> EventConsumer:
        async def handle(e: ProjectPublished, uow: UnitOfWork) -> None:
            await uow.session.execute(insert(ledger).values(key=e.project_id, seq=int(e.name[2:]), replica=name))
        return EventConsumer(group, (topic,), {ProjectPublished: handle}, producer=producer,
                             uow_factory=lambda: UnitOfWork(replica_db, "replicas-test"),
                             bootstrap=infra.kafka_bootstrap, max_attempts=3, backoff_seconds=0.01)

    replicas = [replica("a"), replica("b")]
    tasks = [asyncio.create_task(r.run()) for r in replicas]
    keys = [f"learner-{uuid.uuid4().hex[:6]}-{k}" for k in range(KEYS)]
    try:
        await asyncio.sleep(8)  # both replicas join the group and split the partitions
        envelopes = []
        for seq in range(PER_KEY):
            for key in keys:
                envelope = Envelope(source="/cme/test", type=ProjectPublished.type_name(), subject=key,
                                    data=event(key, seq).model_dump(mode="json"))
                envelopes.append(envelope)
                await producer.send(topic, envelope.to_bytes(), key=key.encode())
        # A redelivery (a producer retry, a relay re-sending after a crash) of ten events.
        for envelope in envelopes[:10]:
            await producer.send(topic, envelope.to_bytes(), key=envelope.subject.encode())
        await producer.flush()

        async def all_handled():
            async with replica_db() as s:
                rows = (await s.execute(select(ledger).order_by(ledger.c.id))).all()
            return rows if len(rows) >= KEYS * PER_KEY else None

        rows = await eventually(all_handled, timeout=60)
        await asyncio.sleep(1)  # room for a wrongly repeated handling to show up
        async with replica_db() as s:
            rows = (await s.execute(select(ledger).order_by(ledger.c.id))).all()
    finally:
        for r in replicas:
            r.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        await producer.stop()

    assert len(rows) == KEYS * PER_KEY, "each event handled exactly once across both replicas"
    assert {(r.key, r.seq) for r in rows} == {(k, s) for k in keys for s in range(PER_KEY)}
    assert {r.replica for r in rows} == {"a", "b"}, "both replicas took a share of the partitions"
    for key in keys:
        assert [r.seq for r in rows if r.key == key] == list(range(PER_KEY)), f"{key} handled out of order"
        assert len({r.replica for r in rows if r.key == key}) == 1, "one key lives on one partition, one replica"
