"""Outbox relay and idempotent consumer against real PostgreSQL and a real Kafka-protocol broker."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaConnectionError
from sqlalchemy import Column, MetaData, String, Table, func, insert, select, update

from cme_contracts import Envelope
from cme_contracts.events import CreditClass, ProjectLevel, ProjectPublished
from cme_contracts.topics import PROJECTS, dead_letter_topic
from cme_platform.db import UnitOfWork, outbox
from cme_platform.doorbell import Doorbell
from cme_platform.messaging import EventConsumer, OutboxRelay, create_producer, ensure_topics
from cme_platform.testing.services import eventually, platform_database

ledger_metadata = MetaData()
ledger = Table("ledger", ledger_metadata, Column("project_id", String(40)), Column("event_id", String(64)))


def published(project_id: str) -> ProjectPublished:
    return ProjectPublished(
        project_id=project_id, number="2021-03-05-129（国）", number_normalized="2021-03-05-129(国)",
        name="测试项目", level=ProjectLevel.NATIONAL, credit_class=CreditClass.I, credits=4,
        jurisdiction="jiangsu", year=2021,
    )


@pytest.fixture
async def plumbing(infra):
    """A fresh database with outbox, inbox and a ledger; a started producer."""
    async with platform_database(infra, "plumbing", ledger_metadata) as sessions:
        await ensure_topics(infra.kafka_bootstrap)
        producer = create_producer(infra.kafka_bootstrap, client_id="plumbing-test")
        await producer.start()
        yield sessions, producer
        await producer.stop()


class BrokerDown:
    """A producer whose broker is unreachable (the relay's bookkeeping is what is tested)."""

    async def send(self, *args, **kwargs):
        raise KafkaConnectionError("broker down")


class Harness:
    """One test's consumer group, counting handled events for its own project ids."""

    def __init__(self, infra, sessions, producer, prefix: str, handler=None):
        self.sessions, self.producer, self.prefix = sessions, producer, prefix
        self.group = f"test-{prefix}"
        self.kwargs = dict(uow_factory=lambda: UnitOfWork(sessions, "test"), bootstrap=infra.kafka_bootstrap,
                           producer=producer, max_attempts=3, backoff_seconds=0.01)
        self.handler = handler or self.record

    async def record(self, event: ProjectPublished, uow: UnitOfWork) -> None:
        if event.project_id.startswith(self.prefix):
            await uow.session.execute(insert(ledger).values(project_id=event.project_id, event_id="x"))

    def refusing(self, poison: str):
        """A handler that fails on one project id and records the others."""
        async def fussy(event: ProjectPublished, uow: UnitOfWork) -> None:
            if event.project_id == poison:
                raise ValueError("cannot handle this one")
            await self.record(event, uow)
        return fussy

    def consumer(self) -> EventConsumer:
        return EventConsumer(self.group, (PROJECTS,), {ProjectPublished: self.handler}, **self.kwargs)

    async def handled(self, project_id: str) -> int:
        async with self.sessions() as s:
            return (
                await s.execute(select(func.count()).select_from(ledger).where(ledger.c.project_id == project_id))
            ).scalar_one()


async def write_through_outbox(sessions, event) -> Envelope:
    async with UnitOfWork(sessions, "test") as uow:
        envelope = await uow.publish(event)
        await uow.commit()
    return envelope


async def dead_letters(infra, group: str) -> list:
    """What a consumer group's dead-letter topic holds."""
    dlt = AIOKafkaConsumer(dead_letter_topic(group), bootstrap_servers=infra.kafka_bootstrap,
                           auto_offset_reset="earliest", group_id=f"{group}-dlt-reader")
    await dlt.start()
    try:
        return [m for batch in (await dlt.getmany(timeout_ms=10000)).values() for m in batch]
    finally:
        await dlt.stop()


async def run_for(consumer: EventConsumer, until) -> None:
    task = asyncio.create_task(consumer.run())
    try:
        await eventually(until)
    finally:
        consumer.stop()
        await task


class TestOutbox:
    async def test_rolled_back_unit_of_work_leaves_no_event(self, plumbing):
        sessions, _ = plumbing
        async with UnitOfWork(sessions, "test") as uow:
            await uow.publish(published(f"rb-{uuid.uuid4()}"))
        async with sessions() as s:
            assert (await s.execute(select(func.count()).select_from(outbox))).scalar_one() == 0

    async def test_after_commit_actions_run_on_commit_only(self, plumbing):
        sessions, _ = plumbing
        ran: list[str] = []
        async with UnitOfWork(sessions, "test") as uow:
            uow.after_commit(lambda: ran.append("rolled back"))
        async with UnitOfWork(sessions, "test") as uow:
            uow.after_commit(lambda: ran.append("committed"))
            await uow.commit()
        assert ran == ["committed"]

    async def test_the_age_of_the_oldest_unpublished_row_is_measured(self, plumbing):
        sessions, producer = plumbing
        relay = OutboxRelay(sessions, BrokerDown(), service="test")
        assert await relay.oldest_unpublished_seconds() == 0
        await write_through_outbox(sessions, published(f"age-{uuid.uuid4()}"))
        await asyncio.sleep(1.1)
        assert await relay.oldest_unpublished_seconds() >= 1
        assert await OutboxRelay(sessions, producer, service="test").relay_once() == 1
        assert await relay.oldest_unpublished_seconds() == 0

    async def test_relay_publishes_committed_rows_and_marks_them_sent(self, infra, plumbing):
        sessions, producer = plumbing
        prefix = uuid.uuid4().hex[:8]
        harness = Harness(infra, sessions, producer, prefix)
        await write_through_outbox(sessions, published(f"{prefix}-1"))
        relay = OutboxRelay(sessions, producer, service="test")
        assert await relay.relay_once() == 1
        assert await relay.backlog() == 0
        await run_for(harness.consumer(), lambda: harness.handled(f"{prefix}-1"))
        assert await harness.handled(f"{prefix}-1") == 1

    async def test_failed_send_is_kept_with_its_error_and_retried(self, infra, plumbing):
        sessions, producer = plumbing
        envelope = await write_through_outbox(sessions, published(f"fail-{uuid.uuid4()}"))
        assert await OutboxRelay(sessions, BrokerDown(), service="test").relay_once() == 0
        async with sessions() as s:
            row = (await s.execute(select(outbox).where(outbox.c.event_id == envelope.id))).one()
        assert row.attempts == 1 and "broker down" in row.last_error and row.published_at is None
        relay = OutboxRelay(sessions, producer, service="test")
        assert await relay.backlog() == 1, "a failed send must not lose the event"
        assert await relay.relay_once() == 0, "not due again before its backoff"
        async with sessions() as s, s.begin():
            await s.execute(update(outbox).values(next_attempt_at=func.now()))
        assert await relay.relay_once() == 1


class TestIdempotentConsumer:
    async def test_event_delivered_twice_is_handled_once(self, infra, plumbing):
        sessions, producer = plumbing
        prefix = uuid.uuid4().hex[:8]
        harness = Harness(infra, sessions, producer, prefix)
        event = published(f"{prefix}-dup")
        envelope = await write_through_outbox(sessions, event)
        await OutboxRelay(sessions, producer, service="test").relay_once()
        # The same event again, then a marker, on the event's partition: once the marker is
        # handled, both copies have been read.
        key = event.partition_key().encode()
        await producer.send_and_wait(PROJECTS, envelope.to_bytes(), key=key)
        marker = UnitOfWork(sessions, "test").envelope(published(f"{prefix}-marker"))
        await producer.send_and_wait(PROJECTS, marker.to_bytes(), key=key)
        await run_for(harness.consumer(), lambda: harness.handled(f"{prefix}-marker"))
        assert await harness.handled(f"{prefix}-dup") == 1

    async def test_consumer_killed_before_offset_commit_does_not_handle_twice(self, infra, plumbing, monkeypatch):
        sessions, producer = plumbing
        prefix = uuid.uuid4().hex[:8]
        harness = Harness(infra, sessions, producer, prefix)
        await write_through_outbox(sessions, published(f"{prefix}-kill"))
        await OutboxRelay(sessions, producer, service="test").relay_once()

        class Killed(BaseException):
            """Stands for the process dying between the database commit and the offset commit."""

        real_commit = AIOKafkaConsumer.commit

        async def die_on_commit(self, offsets=None):
            if await harness.handled(f"{prefix}-kill"):  # earlier records on the topic commit normally
                raise Killed
            return await real_commit(self, offsets)

        monkeypatch.setattr(AIOKafkaConsumer, "commit", die_on_commit)
        with pytest.raises(Killed):
            await harness.consumer().run()
        assert await harness.handled(f"{prefix}-kill") == 1
        monkeypatch.setattr(AIOKafkaConsumer, "commit", real_commit)
        marker = f"{prefix}-after"
        await write_through_outbox(sessions, published(marker))
        await OutboxRelay(sessions, producer, service="test").relay_once()
        await run_for(harness.consumer(), lambda: harness.handled(marker))
        assert await harness.handled(f"{prefix}-kill") == 1, "the redelivered event must change nothing"

    async def test_poison_event_goes_to_dead_letter_topic_and_the_stream_moves_on(self, infra, plumbing):
        sessions, producer = plumbing
        prefix = uuid.uuid4().hex[:8]

        harness = Harness(infra, sessions, producer, prefix)
        harness.handler = harness.refusing(f"{prefix}-poison")
        await write_through_outbox(sessions, published(f"{prefix}-poison"))
        await write_through_outbox(sessions, published(f"{prefix}-next"))
        await OutboxRelay(sessions, producer, service="test").relay_once()
        await run_for(harness.consumer(), lambda: harness.handled(f"{prefix}-next"))
        messages = await dead_letters(infra, harness.group)
        assert len(messages) == 1
        headers = dict(messages[0].headers)
        assert b"cannot handle this one" in headers["dlt-reason"]
        assert Envelope.from_bytes(messages[0].value).data["project_id"] == f"{prefix}-poison"


class TestBatches:
    """A fetched batch is handled in one transaction; a poison event in it costs the others nothing."""

    @staticmethod
    async def send_on_one_partition(sessions, producer, envelopes: list[Envelope]) -> None:
        for envelope in envelopes:
            await producer.send_and_wait(PROJECTS, envelope.to_bytes(), key=b"one-partition")

    @staticmethod
    def envelopes(sessions, project_ids: list[str]) -> list[Envelope]:
        return [UnitOfWork(sessions, "test").envelope(published(p)) for p in project_ids]

    async def test_a_batch_is_handled_in_one_transaction(self, infra, plumbing):
        sessions, producer = plumbing
        prefix = uuid.uuid4().hex[:8]

        async def note_transaction(event, uow):
            if event.project_id.startswith(prefix):
                txid = (await uow.session.execute(select(func.txid_current()))).scalar_one()
                await uow.session.execute(insert(ledger).values(project_id=event.project_id, event_id=str(txid)))

        harness = Harness(infra, sessions, producer, prefix, handler=note_transaction)
        await self.send_on_one_partition(
            sessions, producer, self.envelopes(sessions, [f"{prefix}-{n}" for n in range(10)])
        )
        await run_for(harness.consumer(), lambda: harness.handled(f"{prefix}-9"))
        async with sessions() as s:
            txids = set(
                (await s.execute(select(ledger.c.event_id).where(ledger.c.project_id.like(f"{prefix}-%")))).scalars()
            )
        # The partition's earlier records may end one fetch just before ours: at most two batches.
        assert len(txids) <= 2, f"ten events in {len(txids)} transactions"

    async def test_a_poison_event_in_a_batch_is_dead_lettered_and_the_others_handled_once(self, infra, plumbing):
        sessions, producer = plumbing
        prefix = uuid.uuid4().hex[:8]

        harness = Harness(infra, sessions, producer, prefix)
        harness.handler = harness.refusing(f"{prefix}-poison")
        good = [f"{prefix}-{n}" for n in range(8)]
        envelopes = self.envelopes(sessions, [*good[:4], f"{prefix}-poison", *good[4:]])
        await self.send_on_one_partition(sessions, producer, [*envelopes, envelopes[1]])  # one event twice
        await run_for(harness.consumer(), lambda: harness.handled(good[-1]))
        assert [await harness.handled(p) for p in good] == [1] * 8
        dead = [Envelope.from_bytes(m.value).data["project_id"] for m in await dead_letters(infra, harness.group)]
        assert dead == [f"{prefix}-poison"]


class TestIdleRelay:
    """An idle relay polls ever more slowly, and a commit in its process wakes it at once."""

    async def test_a_commit_wakes_a_relay_that_would_otherwise_sleep_for_an_hour(self, infra, plumbing):
        sessions, producer = plumbing
        doorbell = Doorbell()
        relay = OutboxRelay(sessions, producer, service="test", poll_seconds=0.01, idle_seconds=3600,
                            doorbell=doorbell)
        await relay.relay_once()  # whatever earlier tests left
        polls = 0
        real_once = relay.relay_once

        async def counted():
            nonlocal polls
            polls += 1
            return await real_once()

        relay.relay_once = counted
        task = asyncio.create_task(relay.run())
        try:
            await asyncio.sleep(1.0)
            assert polls < 12, f"{polls} polls in an idle second: the pause does not grow"
            uow = UnitOfWork(sessions, "test")
            uow.doorbell = doorbell
            async with uow:
                envelope = await uow.publish(published(f"{uuid.uuid4().hex[:8]}-woken"))
                await uow.commit()

            async def sent():
                async with sessions() as s:
                    return (await s.execute(select(outbox.c.published_at).where(
                        outbox.c.event_id == envelope.id))).scalar_one() is not None

            await eventually(sent, timeout=30)
        finally:
            relay.stop()
            await task
