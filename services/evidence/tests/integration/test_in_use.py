"""Files named by other services' records are attached from their events, once, and the
orphan clean-up keeps them (孤儿文件清理不删除已关联的材料).

Events are handed to the service's own consumer record by record (inbox, handler, outbox in
one transaction), as the broker would deliver them; the journey over the real broker is
`tests/test_hold_application_evidence.py`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from aiokafka import ConsumerRecord
from prometheus_client import REGISTRY
from sqlalchemy import select

from cme_contracts import Envelope, IntegrationEvent
from cme_contracts.events import CreditEntered, CreditSource, EvidenceAttached, HoldApplicationSubmitted
from cme_platform.auth import Role
from cme_platform.db import outbox
from cme_platform.testing.tokens import auth_header

OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-in-use", unit_id="hospital-9", jurisdiction="zhejiang")
LEARNER = auth_header(Role.LEARNER, account_id="learner-in-use", unit_id="hospital-9", jurisdiction="zhejiang")
PROVINCE = auth_header(Role.PROVINCIAL_OFFICE, account_id="zhejiang-office", jurisdiction="zhejiang")


async def upload(service, data: bytes, headers: dict, kind: str) -> str:
    response = await service.api.post("/api/evidence", content=data, headers=headers, params={"kind": kind})
    assert response.status_code == 201, response.text
    return response.json()["evidence_id"]


async def deliver(service, event: IntegrationEvent, envelope_id: str | None = None) -> None:
    """Hand one message to the evidence consumer as the broker delivers it."""
    envelope = Envelope(id=envelope_id or str(uuid.uuid4()), source="/cme/test", type=event.type_name(),
                        data=event.model_dump(mode="json"))
    value, key = envelope.to_bytes(), event.partition_key().encode()
    record = ConsumerRecord(event.topic, 0, 0, 0, 0, key, value, None, len(key), len(value), [])
    (consumer,) = service.runtime.consumers
    await consumer.handle_record(record)


def handled(outcome: str) -> float:
    """How many HoldApplicationSubmitted events the evidence consumer finished with this outcome."""
    labels = {"consumer": "evidence", "type": HoldApplicationSubmitted.type_name(), "outcome": outcome}
    return REGISTRY.get_sample_value("cme_events_handled_total", labels) or 0.0


async def orphans(service) -> list[str]:
    report = await service.api.get("/api/evidence/orphans", headers=PROVINCE, params={"older_than_hours": 0})
    return [item["evidence_id"] for item in report.json()["items"]]


async def attached_events(service, evidence_id: str) -> list[dict]:
    async with service.runtime.sessions() as session:
        payloads = (await session.execute(select(outbox.c.payload).where(
            outbox.c.event_type == EvidenceAttached.type_name(), outbox.c.key == evidence_id))).scalars()
        return [Envelope.from_bytes(p).data for p in payloads]


def submission(application_id: str, evidence_ids: list[str]) -> HoldApplicationSubmitted:
    return HoldApplicationSubmitted(
        application_id=application_id, project_id="p-in-use", project_number="2026-01-01-001（省）",
        jurisdiction="zhejiang", owner_id="owner-in-use", unit_id="hospital-9", submitted_at=datetime.now(UTC),
        evidence_ids=evidence_ids)


async def test_a_submitted_application_keeps_its_notice_and_schedule_through_the_clean_up(evidence_service, files):
    notice = await upload(evidence_service, files.pdf(), OWNER, "meeting_notice")
    schedule = await upload(evidence_service, files.pdf(2), OWNER, "schedule")
    stray = await upload(evidence_service, files.pdf(), OWNER, "meeting_notice")
    application_id = f"ha-{uuid.uuid4().hex[:8]}"
    envelope_id = str(uuid.uuid4())
    await deliver(evidence_service, submission(application_id, [notice, schedule, "never-stored"]), envelope_id)
    listed = await orphans(evidence_service)
    assert notice not in listed and schedule not in listed and stray in listed
    (event,) = await attached_events(evidence_service, notice)
    assert (event["subject_type"], event["subject_id"]) == ("hold_application", application_id)

    duplicates = handled("duplicate")
    await deliver(evidence_service, submission(application_id, [notice, schedule]), envelope_id)  # redelivered
    assert handled("duplicate") == duplicates + 1

    cleaned = (await evidence_service.api.post("/api/evidence/orphans/cleanup", headers=PROVINCE,
                                               params={"older_than_hours": 0})).json()
    assert stray in cleaned["removed"] and notice not in cleaned["removed"] and schedule not in cleaned["removed"]
    assert {f"evidence/{notice}", f"evidence/{schedule}"} <= set(evidence_service.objects())
    assert len(await attached_events(evidence_service, schedule)) == 1


async def test_an_entry_made_by_hand_keeps_its_proof(evidence_service, files):
    proof = await upload(evidence_service, files.pdf(), LEARNER, "credit_proof")
    credit_id = str(uuid.uuid4())
    await deliver(evidence_service, CreditEntered(
        credit_id=credit_id, id_number="11010519491231002X", source=CreditSource.SELF_ENTRY, jurisdiction="zhejiang",
        entered_by="learner-in-use", evidence_ids=[proof]))
    assert proof not in await orphans(evidence_service)
    (event,) = await attached_events(evidence_service, proof)
    assert (event["subject_type"], event["subject_id"]) == ("credit_claim", credit_id)
    meta = (await evidence_service.api.get(f"/api/evidence/{proof}", headers=LEARNER)).json()
    assert meta["subject_id"] == credit_id
