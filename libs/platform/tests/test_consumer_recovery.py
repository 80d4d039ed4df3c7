"""A consumer whose broker comes back empty re-creates its topics, says it is unready
meanwhile, and resumes: it neither loops on UnknownTopicOrPartition nor stops consuming."""

from __future__ import annotations

import asyncio
import signal
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select

from cme_contracts import Envelope
from cme_contracts.events import CreditClass, ProjectLevel, ProjectPublished
from cme_platform.db import UnitOfWork
from cme_platform.devstack import kafka
from cme_platform.devstack.processes import Layout, free_port
from cme_platform.messaging import EventConsumer, create_producer
from cme_platform.messaging.topic_admin import TopicSpec, problems
from cme_platform.testing.services import eventually, platform_database

ledger_metadata = MetaData()
ledger = Table("recovered", ledger_metadata, Column("project_id", String(64)))


def published(project_id: str) -> bytes:
    event = ProjectPublished(
        project_id=project_id, number="2021-03-05-129（国）", number_normalized="2021-03-05-129(国)", name="测试项目",
        level=ProjectLevel.NATIONAL, credit_class=CreditClass.I, credits=4, jurisdiction="jiangsu", year=2021,
    )
    return Envelope(source="/cme/test", type=ProjectPublished.type_name(), subject=project_id,
                    data=event.model_dump(mode="json")).to_bytes()


@pytest.fixture
def broker(tmp_path: Path):
    """A throw-away (memory) broker of this test's own, so it can be killed."""
    port = free_port()
    process = kafka.server(Layout(tmp_path, persistent=False), port, s3_port=0)
    process.run(30)
    yield process, kafka.bootstrap(port)
    process.stop()


async def test_a_consumer_recovers_when_its_broker_comes_back_empty(infra, broker):
    process, bootstrap = broker
    topic = f"cme.test.recovery.{uuid.uuid4().hex[:6]}"
    specs = [TopicSpec(topic, 3), TopicSpec(f"cme.dlt.recovery-{topic}", 3)]
    async with platform_database(infra, "recovery", ledger_metadata) as sessions:
        async def mirror(event: ProjectPublished, uow: UnitOfWork) -> None:
            await uow.session.execute(insert(ledger).values(project_id=event.project_id))

        async def handled() -> int:
            async with sessions() as s:
                return (await s.execute(select(func.count()).select_from(ledger))).scalar_one()

        producer = create_producer(bootstrap, client_id="recovery-test")
        consumer = EventConsumer(f"recovery-{topic}", (topic,), {ProjectPublished: mirror}, producer=producer,
                                 uow_factory=lambda: UnitOfWork(sessions, "recovery-test"), bootstrap=bootstrap,
                                 topic_specs=specs)
        await producer.start()
        task = asyncio.create_task(consumer.run())
        try:
            for i in range(5):
                await producer.send_and_wait(topic, published(f"before-{i}"), key=b"k%d" % i)
            await eventually(lambda: _equals(handled, 5), timeout=30)

            process.popen.send_signal(signal.SIGKILL)  # the broker dies and comes back with nothing
            process.popen.wait()
            await asyncio.to_thread(process.run, 30)
            await eventually(lambda: _async(consumer.problem is not None), timeout=30)

            await eventually(lambda: _no_problems(bootstrap, specs), timeout=60)
            await eventually(lambda: _async(consumer.problem is None), timeout=60)
            for i in range(5):
                await producer.send_and_wait(topic, published(f"after-{i}"), key=b"k%d" % i)
            await eventually(lambda: _equals(handled, 10), timeout=60)
        finally:
            consumer.stop()
            await asyncio.gather(task, return_exceptions=True)
            await producer.stop()


async def _equals(probe, expected: int) -> bool:
    return await probe() == expected


async def _async(value: bool) -> bool:
    return value


async def _no_problems(bootstrap: str, specs: list[TopicSpec]) -> bool:
    return not await problems(bootstrap, specs)
