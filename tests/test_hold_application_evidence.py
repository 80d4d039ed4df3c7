"""A hold application's notice and schedule, uploaded to evidence and named by projects, are
attached once the application is submitted and approved: the orphan report does not list
them and the clean-up keeps them (seed 003's flow, over the real broker). Evidence, a consumer
now, has its dead-letter topic like the others.

The test reads the projects topic itself and hands each message to the evidence service's
consumer, as its group member would: other evidence services of the session (the evidence
suite's, or one whose shutdown left its Kafka consumer behind) may hold partitions of the
`evidence` group, and would take this test's events into their own databases.
"""

from __future__ import annotations

import io
import uuid
from contextlib import asynccontextmanager
from datetime import date, timedelta

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from PIL import Image

from cme_contracts import Envelope, topics
from cme_contracts.events import HoldApplicationApproved
from cme_contracts.topics import dead_letter_topic
from cme_evidence.config import EvidenceSettings
from cme_evidence.entrypoints.app import create_app as evidence_app
from cme_platform.auth import Role
from cme_platform.testing.services import eventually, migrated_database, running, settings_for
from cme_platform.testing.tokens import auth_header
from cme_projects.config import ProjectsSettings
from cme_projects.entrypoints.app import create_app as projects_app

OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-ha-ev", unit_id="unit-ha-ev", jurisdiction="jiangsu")
UNIT_ADMIN = auth_header(Role.UNIT_ADMIN, account_id="admin-ha-ev", unit_id="unit-ha-ev", jurisdiction="jiangsu")
OFFICE = auth_header(Role.PROVINCIAL_OFFICE, account_id="office-ha-ev", jurisdiction="jiangsu")


def pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(buffer, "PDF")
    return buffer.getvalue()


async def upload(evidence, kind: str) -> str:
    stored = await evidence.post("/api/evidence", content=pdf(), headers=OWNER, params={"kind": kind})
    assert stored.status_code == 201, stored.text
    return stored.json()["evidence_id"]


async def approved_application(projects, notice: str, schedule: str) -> str:
    """Draft, submit (once projects has seen both files stored), confirm and approve."""
    project = (await projects.post("/api/projects", headers=OWNER, json={
        "number": f"2026-14-02-{uuid.uuid4().int % 1000:03d} (国)", "name": "外科护理新进展", "credit_class": "I",
        "credits": 10, "jurisdiction": "jiangsu"})).json()
    first_day = date.today() + timedelta(days=30)
    days = [{"day": str(first_day), "starts": "08:30", "ends": "12:00"}]
    drafted = await projects.post(f"/api/projects/{project['id']}/hold-applications", headers=OWNER, json={
        "venue": "苏州", "days": days, "expected_attendance": 80,
        "attachments": {"meeting_notice": notice, "schedule": schedule}})
    assert drafted.status_code == 201, drafted.text
    url = f"/api/projects/hold-applications/{drafted.json()['id']}"

    async def submitted():
        response = await projects.post(f"{url}/submit", headers=OWNER)
        return response.status_code == 200

    await eventually(submitted, timeout=60)
    assert (await projects.post(f"{url}/confirm", headers=UNIT_ADMIN)).status_code == 200
    approved = await projects.post(f"{url}/approve", headers=OFFICE)
    assert approved.status_code == 200, approved.text
    return drafted.json()["id"]


@asynccontextmanager
async def new_messages(bootstrap: str, topic: str):
    """A reader of what is published to topic from now on (no group: it shares nothing)."""
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await reader.start()
    partitions = [TopicPartition(topic, p) for p in range(topics.PARTITIONS)]
    reader.assign(partitions)
    await reader.seek_to_end(*partitions)
    for partition in partitions:
        await reader.position(partition)  # fixes "the end" now, before the flow publishes
    try:
        yield reader
    finally:
        await reader.stop()


async def deliver_until_approved(reader: AIOKafkaConsumer, consumer, application_id: str) -> None:
    """Hand each message to the evidence consumer until this application's approval went by."""
    async def approved() -> bool:
        seen = False
        for records in (await reader.getmany(timeout_ms=300)).values():
            for record in records:
                await consumer.handle_record(record)
                envelope = Envelope.from_bytes(record.value)
                seen |= (envelope.type == HoldApplicationApproved.type_name()
                         and envelope.data.get("application_id") == application_id)
        return seen

    await eventually(approved, timeout=60)


async def topic_names(bootstrap: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return await admin.list_topics()
    finally:
        await admin.close()


async def test_the_clean_up_after_an_approved_hold_application_keeps_its_notice_and_schedule(infra):
    bucket = f"cme-evidence-{uuid.uuid4().hex[:8]}"
    evidence = evidence_app(settings_for(infra, EvidenceSettings, await migrated_database(infra, "cme_evidence"),
                                         s3_bucket=bucket))
    projects = projects_app(settings_for(infra, ProjectsSettings, await migrated_database(infra, "cme_projects")))
    async with (running(evidence) as evidence_api, running(projects) as projects_api,
                new_messages(infra.kafka_bootstrap, topics.PROJECTS) as reader):
        notice, schedule = await upload(evidence_api, "meeting_notice"), await upload(evidence_api, "schedule")
        application_id = await approved_application(projects_api, notice, schedule)
        (consumer,) = evidence.state.runtime.consumers
        await deliver_until_approved(reader, consumer, application_id)

        files = [(await evidence_api.get(f"/api/evidence/{i}", headers=OWNER)).json() for i in (notice, schedule)]
        assert [f["subject_id"] for f in files] == [application_id, application_id]
        report = (await evidence_api.get("/api/evidence/orphans", headers=OFFICE,
                                         params={"older_than_hours": 0})).json()
        assert report["count"] == 0, report
        cleaned = (await evidence_api.post("/api/evidence/orphans/cleanup", headers=OFFICE,
                                           params={"older_than_hours": 0})).json()
        assert cleaned["removed"] == []
        objects = {o.object_name for o in evidence.state.runtime.s3.list_objects(bucket, recursive=True)}
        assert {f"evidence/{notice}", f"evidence/{schedule}"} <= objects
        for evidence_id in (notice, schedule):
            link = await evidence_api.get(f"/api/evidence/{evidence_id}/download", headers=OFFICE)
            assert link.status_code == 200, "the file is still there for the office to read"
    assert dead_letter_topic("evidence") in await topic_names(infra.kafka_bootstrap)
