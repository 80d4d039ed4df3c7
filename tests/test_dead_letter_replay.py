"""An event parked in a dead-letter topic is handled once its cause is fixed and it is replayed
with `cme-dlt`; replaying it again changes nothing, and poison is skipped, never put back."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select

from cme_contracts import Envelope
from cme_contracts.events import CreditClass, ProjectLevel, ProjectPublished
from cme_platform.db import UnitOfWork
from cme_platform.messaging import EventConsumer, create_producer, ensure_topics
from cme_platform.messaging.dead_letters import dead_letters
from cme_platform.messaging.dead_letters import main as cme_dlt
from cme_platform.testing.services import eventually, platform_database

ledger_metadata = MetaData()
ledger = Table("mirrored", ledger_metadata, Column("project_id", String(64)))


def project(project_id: str) -> Envelope:
    event = ProjectPublished(
        project_id=project_id, number="2021-03-05-129（国）", number_normalized="2021-03-05-129(国)", name="测试项目",
        level=ProjectLevel.NATIONAL, credit_class=CreditClass.I, credits=4, jurisdiction="jiangsu", year=2021,
    )
    return Envelope(source="/cme/test", type=ProjectPublished.type_name(), subject=project_id,
                    data=event.model_dump(mode="json"))


@pytest.fixture
async def sessions(infra):
    async with platform_database(infra, "dlt", ledger_metadata) as factory:
        yield factory


async def test_a_dead_lettered_event_is_handled_once_after_replay(infra, sessions, capsys):
    run = uuid.uuid4().hex[:8]
    topic, group = f"cme.test.dlt.{run}", f"dlt-{run}"
    fixed = asyncio.Event()  # stands for the deployment that fixes the handler's cause

    async def mirror(event: ProjectPublished, uow: UnitOfWork) -> None:
        if event.project_id.endswith("poison") and not fixed.is_set():
            raise LookupError("项目编号未登记")
        await uow.session.execute(insert(ledger).values(project_id=event.project_id))

    async def count(project_id: str) -> int:
        async with sessions() as s:
            return (await s.execute(select(func.count()).select_from(ledger)
                                    .where(ledger.c.project_id == project_id))).scalar_one()

    await ensure_topics(infra.kafka_bootstrap, (topic,))
    producer = create_producer(infra.kafka_bootstrap, client_id="dlt-test")
    await producer.start()
    consumer = EventConsumer(group, (topic,), {ProjectPublished: mirror}, producer=producer,
                             uow_factory=lambda: UnitOfWork(sessions, "dlt-test"), bootstrap=infra.kafka_bootstrap,
                             max_attempts=2, backoff_seconds=0.01)
    task = asyncio.create_task(consumer.run())
    try:
        poison = project(f"{run}-poison")
        for envelope in (poison, project(f"{run}-next")):
            await producer.send_and_wait(topic, envelope.to_bytes(), key=envelope.subject.encode())
        await eventually(lambda: count(f"{run}-next"), timeout=30)
        assert await count(f"{run}-poison") == 0

        listing = ["list", "--bootstrap", infra.kafka_bootstrap, "--consumer", group]
        assert await asyncio.to_thread(cme_dlt, listing) == 0
        listed = capsys.readouterr().out
        assert poison.id in listed and "项目编号未登记" in listed and topic in listed

        fixed.set()
        for _ in range(2):  # the second replay finds nothing live: the first moved it out
            assert await asyncio.to_thread(
                cme_dlt, ["replay", "--bootstrap", infra.kafka_bootstrap, "--consumer", group]) == 0
        await eventually(lambda: count(f"{run}-poison"), timeout=30)
        await asyncio.sleep(1)
        assert await count(f"{run}-poison") == 1
    finally:
        consumer.stop()
        await asyncio.gather(task, return_exceptions=True)
        await producer.stop()


async def test_replay_skips_poison_addresses_by_position_and_never_sends_a_letter_twice(infra, sessions, capsys):
    run = uuid.uuid4().hex[:8]
    topic, group = f"cme.test.poison.{run}", f"poison-{run}"
    fixed = asyncio.Event()

    async def mirror(event: ProjectPublished, uow: UnitOfWork) -> None:
        if not fixed.is_set():
            raise LookupError("项目编号未登记")
        await uow.session.execute(insert(ledger).values(project_id=event.project_id))

    async def count(project_id: str) -> int:
        async with sessions() as s:
            return (await s.execute(select(func.count()).select_from(ledger)
                                    .where(ledger.c.project_id == project_id))).scalar_one()

    def replay(*extra: str) -> str:
        assert cme_dlt(["replay", "--bootstrap", infra.kafka_bootstrap, "--consumer", group, *extra]) == 0
        return capsys.readouterr().out

    await ensure_topics(infra.kafka_bootstrap, (topic,))
    producer = create_producer(infra.kafka_bootstrap, client_id="poison-test")
    await producer.start()
    consumer = EventConsumer(group, (topic,), {ProjectPublished: mirror}, producer=producer,
                             uow_factory=lambda: UnitOfWork(sessions, "poison-test"), bootstrap=infra.kafka_bootstrap,
                             max_attempts=2, backoff_seconds=0.01)
    task = asyncio.create_task(consumer.run())
    try:
        first, second = project(f"{run}-first"), project(f"{run}-second")
        for value in (b"\x00 not an envelope", first.to_bytes(), second.to_bytes()):
            await producer.send_and_wait(topic, value, key=b"same-partition")
        letters = await eventually(lambda: _at_least(dead_letters(infra.kafka_bootstrap, group), 3), timeout=30)
        fixed.set()

        [first_letter] = [d for d in letters if d.event_id == first.id]
        out = await asyncio.to_thread(replay, "--position", first_letter.position)
        assert first.id in out and second.id not in out
        await eventually(lambda: count(f"{run}-first"), timeout=30)

        out = await asyncio.to_thread(replay)
        assert second.id in out and '"outcome": "skipped"' in out and "校验失败" in out
        await eventually(lambda: count(f"{run}-second"), timeout=30)
        assert await dead_letters(infra.kafka_bootstrap, group) == []

        assert '"outcome"' not in await asyncio.to_thread(replay)  # nothing live is left to send
        await asyncio.sleep(1)
        assert len(await dead_letters(infra.kafka_bootstrap, group, include_replayed=True)) == 3
        assert (await count(f"{run}-first"), await count(f"{run}-second")) == (1, 1)
    finally:
        consumer.stop()
        await asyncio.gather(task, return_exceptions=True)
        await producer.stop()


async def _at_least(letters, n: int):
    found = await letters
    return found if len(found) >= n else None
