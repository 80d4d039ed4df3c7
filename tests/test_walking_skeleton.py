"""The walking skeleton: an event written through one service's outbox crosses the real
broker and is handled by another service exactly once."""

from __future__ import annotations

import uuid

from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client import REGISTRY
from sqlalchemy import select

from cme_contracts import Envelope, topics
from cme_contracts.events import ProjectPublished
from cme_credits.adapters.tables import project_mirror
from cme_credits.config import CreditsSettings
from cme_credits.entrypoints.app import create_app as credits_app
from cme_platform.auth import Role
from cme_platform.db import outbox
from cme_platform.testing.services import eventually, migrated_database, running, settings_for
from cme_platform.testing.tokens import auth_header
from cme_projects.config import ProjectsSettings
from cme_projects.entrypoints.app import create_app as projects_app


def handled(outcome: str) -> float:
    """How many ProjectPublished events the credits consumer finished with this outcome."""
    value = REGISTRY.get_sample_value(
        "cme_events_handled_total",
        {"consumer": "credits", "type": ProjectPublished.type_name(), "outcome": outcome},
    )
    return value or 0.0


async def drain_backlog(producer, bootstrap: str) -> None:
    """Wait until the credits group has consumed everything already on the projects topic.

    Other suites publish ProjectPublished to the same broker earlier in the session; the
    credits group reads them when it first joins, which would move the counters below. A
    marker no consumer subscribes to is sent to every partition (the broker's reported end
    offsets are not reliable here); once the group commits past each marker, it has caught up.
    """
    marker = Envelope(source="/cme/tests", type="cme.tests.BacklogMarker.v1").to_bytes()
    markers = {}
    for partition in range(topics.PARTITIONS):
        sent = await producer.send_and_wait(topics.PROJECTS, marker, partition=partition)
        markers[TopicPartition(topics.PROJECTS, partition)] = sent.offset
    # Reads the group's committed offsets without subscribing, so it never joins the group.
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id="credits", enable_auto_commit=False)
    await reader.start()

    async def past_markers() -> bool:
        committed = {tp: await reader.committed(tp) or 0 for tp in markers}
        return all(committed[tp] > offset for tp, offset in markers.items())

    try:
        await eventually(past_markers)
    finally:
        await reader.stop()


async def two_services(infra):
    projects = projects_app(settings_for(infra, ProjectsSettings, await migrated_database(infra, "cme_projects")))
    credits = credits_app(settings_for(infra, CreditsSettings, await migrated_database(infra, "cme_credits")))
    return projects, credits


async def publish_project(api) -> str:
    number = f"2021-03-05-{uuid.uuid4().int % 1000:03d}（国）"
    response = await api.post("/api/projects", json={
        "number": number, "name": "疼痛治疗新进展学习班", "level": "national", "credit_class": "I",
        "credits": 4, "jurisdiction": "jiangsu", "year": 2021,
    }, headers=auth_header(Role.PROVINCIAL_OFFICE, jurisdiction="jiangsu"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def mirror_probe(credits, project_id: str):
    async def mirrored():
        async with credits.state.runtime.sessions() as s:
            return (await s.execute(select(project_mirror).where(project_mirror.c.project_id == project_id))).all()
    return mirrored


async def test_project_published_reaches_credits_once_even_when_delivered_twice(infra):
    projects, credits = await two_services(infra)

    async with running(credits), running(projects) as api:
        await drain_backlog(projects.state.runtime.producer, infra.kafka_bootstrap)
        before_handled, before_duplicate = handled("handled"), handled("duplicate")
        project_id = await publish_project(api)
        mirrored = mirror_probe(credits, project_id)
        rows = await eventually(mirrored)
        assert rows[0].number.endswith("（国）")
        assert handled("handled") == before_handled + 1

        # The broker delivers the very same event again (a producer retry, a replay).
        async with projects.state.runtime.sessions() as s:
            payload = (await s.execute(select(outbox.c.payload).where(outbox.c.topic == topics.PROJECTS))).scalar_one()
        await projects.state.runtime.producer.send_and_wait(topics.PROJECTS, payload, key=project_id.encode())
        await eventually(lambda: _async(handled("duplicate") == before_duplicate + 1))
        assert handled("handled") == before_handled + 1, "a duplicate must not be handled again"
        assert len(await mirrored()) == 1


async def _async(value):
    return value


class ProcessKilled(Exception):
    """Stands for the consumer process dying after its database commit, before its offset commit."""


async def test_consumer_killed_before_committing_its_offset_handles_the_redelivery_as_a_duplicate(infra, monkeypatch):
    projects, credits = await two_services(infra)
    real_commit = AIOKafkaConsumer.commit
    killed = []

    async def die_once_after_handling(self, offsets=None):
        if not killed and handled("handled") > before_handled:
            killed.append(offsets)
            raise ProcessKilled  # the runtime restarts the consumer, as a new pod would
        return await real_commit(self, offsets)

    async with running(credits), running(projects) as api:
        await drain_backlog(projects.state.runtime.producer, infra.kafka_bootstrap)
        before_handled, before_duplicate = handled("handled"), handled("duplicate")
        monkeypatch.setattr(AIOKafkaConsumer, "commit", die_once_after_handling)
        project_id = await publish_project(api)
        await eventually(mirror_probe(credits, project_id))
        await eventually(lambda: _async(handled("duplicate") >= before_duplicate + 1), timeout=60)
        assert killed, "the offset commit after handling was interrupted"
        assert handled("handled") == before_handled + 1, "the redelivered event must not be handled again"
        assert len(await mirror_probe(credits, project_id)()) == 1
