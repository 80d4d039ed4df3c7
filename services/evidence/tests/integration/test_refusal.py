"""A reviewer refuses a stored file with a reason: `EvidenceRefused` is published for the
uploader to be told; the uploader and strangers cannot refuse it."""

from __future__ import annotations

import json

from sqlalchemy import select

from cme_contracts.events import EvidenceRefused
from cme_platform.auth import Role
from cme_platform.db import outbox
from cme_platform.testing.tokens import auth_header

LEARNER = auth_header(Role.LEARNER, account_id="learner-refused", unit_id="hospital-9", city_id="chengdu",
                      jurisdiction="sichuan")
UNIT_ADMIN = auth_header(Role.UNIT_ADMIN, account_id="admin-9", unit_id="hospital-9", jurisdiction="sichuan")
OTHER_ADMIN = auth_header(Role.UNIT_ADMIN, account_id="admin-10", unit_id="hospital-10", jurisdiction="sichuan")


async def test_the_units_admin_refuses_a_file_and_the_refusal_is_published(evidence_service, files):
    stored = (await evidence_service.api.post("/api/evidence", content=files.pdf(1), headers=LEARNER,
                                              params={"kind": "credit_proof", "filename": "学分证明.pdf"})).json()
    url = f"/api/evidence/{stored['evidence_id']}/refusal"
    refused = await evidence_service.api.post(url, headers=UNIT_ADMIN, json={"reason": "扫描件不清晰，无法辨认红章"})
    assert refused.status_code == 201, refused.text
    assert (refused.json()["owner_id"], refused.json()["filename"]) == ("learner-refused", "学分证明.pdf")

    async with evidence_service.runtime.sessions() as session:
        payloads = (await session.execute(select(outbox.c.payload).where(
            outbox.c.event_type == EvidenceRefused.type_name(), outbox.c.key == stored["evidence_id"]))).scalars()
        [event] = [json.loads(p)["data"] for p in payloads]
    assert event["reason"] == "扫描件不清晰，无法辨认红章" and event["refused_by"] == "admin-9"

    for who, status in ((LEARNER, 403), (OTHER_ADMIN, 403)):
        assert (await evidence_service.api.post(url, headers=who, json={"reason": "x"})).status_code == status
    blank = await evidence_service.api.post(url, headers=UNIT_ADMIN, json={"reason": "  "})
    assert blank.json()["error"]["code"] == "evidence.refusal_reason_required"
