"""Who gets a download link, versions that keep the old file, attaching, and orphans."""

from __future__ import annotations

import json
from urllib.parse import unquote

import httpx
import pytest
from sqlalchemy import select

from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.domain.evidence import Uploader
from cme_evidence.domain.kinds import kind_named
from cme_evidence.service_layer import commands
from cme_platform.auth import Role
from cme_platform.db import outbox
from cme_platform.errors import Conflict
from cme_platform.testing.services import audit_sealed
from cme_platform.testing.tokens import auth_header

LEARNER = auth_header(Role.LEARNER, account_id="learner-access", unit_id="hospital-7", city_id="chengdu",
                      jurisdiction="sichuan")
UNIT_ADMIN = auth_header(Role.UNIT_ADMIN, account_id="admin-7", unit_id="hospital-7", jurisdiction="sichuan")
PROVINCE = auth_header(Role.PROVINCIAL_OFFICE, account_id="sichuan-office", jurisdiction="sichuan")
STRANGERS = {
    "another learner": auth_header(Role.LEARNER, account_id="learner-other", unit_id="hospital-7"),
    "another unit's admin": auth_header(Role.UNIT_ADMIN, account_id="admin-8", unit_id="hospital-8"),
    "another province": auth_header(Role.PROVINCIAL_OFFICE, account_id="zj-office", jurisdiction="zhejiang"),
}


async def upload(service, data: bytes, **params) -> dict:
    """Upload as the learner; the stored metadata."""
    response = await service.api.post("/api/evidence", content=data, headers=LEARNER, params=params)
    assert response.status_code == 201, response.text
    return response.json()


async def events_about(service, evidence_id: str) -> list[dict]:
    """The events written to the outbox under a key, in the order they were written."""
    async with service.runtime.sessions() as session:
        query = select(outbox.c.payload).where(outbox.c.key == evidence_id).order_by(outbox.c.created_at)
        payloads = (await session.execute(query)).scalars()
        return [json.loads(p) for p in payloads]


async def test_a_reviewer_following_the_preview_link_in_a_browser_is_sent_to_the_file(evidence_service, files):
    data = files.pdf(1)
    stored = await upload(evidence_service, data, kind="credit_proof", filename="预览.pdf",
                          subject_type="credit_claim", subject_id="cc-preview")
    link = await evidence_service.api.get(f"/api/evidence/{stored['evidence_id']}/download",
                                          headers=UNIT_ADMIN | {"Accept": "text/html,application/xhtml+xml"})
    assert link.status_code == 303
    async with httpx.AsyncClient() as browser:
        fetched = await browser.get(link.headers["location"])
    assert fetched.status_code == 200 and fetched.content == data


async def test_a_presigned_url_works_for_the_owner_and_is_never_issued_to_a_stranger(evidence_service, files):
    data = files.pdf(2)
    stored = await upload(evidence_service, data, kind="credit_proof", filename="浙江学分证明.pdf",
                          subject_type="credit_claim", subject_id="cc-1")
    link = await evidence_service.api.get(f"/api/evidence/{stored['evidence_id']}/download", headers=LEARNER)
    assert link.status_code == 200
    assert link.json()["expires_in_seconds"] == evidence_service.settings.evidence_download_ttl_seconds
    async with httpx.AsyncClient() as browser:
        fetched = await browser.get(link.json()["url"])
    assert fetched.status_code == 200 and fetched.content == data
    assert "浙江学分证明.pdf" in unquote(fetched.headers["content-disposition"])

    for reviewer in (UNIT_ADMIN, PROVINCE):
        assert (await evidence_service.api.get(f"/api/evidence/{stored['evidence_id']}/download",
                                               headers=reviewer)).status_code == 200
    for name, stranger in STRANGERS.items():
        refused = await evidence_service.api.get(f"/api/evidence/{stored['evidence_id']}/download", headers=stranger)
        assert refused.status_code == 403, name
        assert "url" not in refused.text, name
        assert refused.json()["error"]["code"] == "evidence.access_denied"
        meta = await evidence_service.api.get(f"/api/evidence/{stored['evidence_id']}", headers=stranger)
        assert meta.status_code == 403, name
    missing = await evidence_service.api.get("/api/evidence/no-such-id/download", headers=LEARNER)
    assert missing.status_code == 404
    await audit_sealed(evidence_service.runtime)
    audit = await events_about(evidence_service, "evidence")
    issued = sorted(e["data"]["actor"] for e in audit
                    if e["subject"] == stored["evidence_id"] and e["data"]["action"] == "evidence.download_issued")
    assert issued == ["admin-7", "learner-access", "sichuan-office"]


async def test_a_change_is_a_new_version_and_the_old_one_stays(evidence_service, files):
    first = await upload(evidence_service, files.pdf(1), kind="credit_proof", subject_type="credit_claim",
                         subject_id="cc-2")
    second = await evidence_service.api.post(f"/api/evidence/{first['evidence_id']}/versions", content=files.pdf(2),
                                             headers=LEARNER, params={"filename": "更正.pdf"})
    assert second.status_code == 201, second.text
    assert (second.json()["version"], second.json()["supersedes"]) == (2, first["evidence_id"])
    assert second.json()["subject_id"] == "cc-2"
    old = await evidence_service.api.get(f"/api/evidence/{first['evidence_id']}", headers=LEARNER)
    assert old.json()["sha256"] == first["sha256"]
    assert f"evidence/{first['evidence_id']}" in evidence_service.objects()
    event = (await events_about(evidence_service, second.json()["evidence_id"]))[0]["data"]
    assert (event["file_version"], event["supersedes"]) == (2, first["evidence_id"])

    fork = await evidence_service.api.post(f"/api/evidence/{first['evidence_id']}/versions", content=files.pdf(),
                                           headers=LEARNER)
    assert fork.status_code == 409
    assert fork.json()["error"]["details"]["latest_id"] == second.json()["evidence_id"]
    by_admin = await evidence_service.api.post(f"/api/evidence/{second.json()['evidence_id']}/versions",
                                               content=files.pdf(), headers=UNIT_ADMIN)
    assert by_admin.status_code == 403


async def test_two_replacements_that_both_passed_the_latest_check_keep_one_successor(evidence_service, files):
    # As two concurrent requests would: both read the same latest version, then both store a new one.
    first = await upload(evidence_service, files.pdf(1), kind="credit_proof")
    uow, uploader = evidence_service.runtime.uow, Uploader("learner-access", "hospital-7", "chengdu", "sichuan")
    previous = await commands.latest_owned(uow(), first["evidence_id"], uploader.account_id)
    intent = commands.Intent(kind_named(previous.kind), previous.filename, previous=previous)
    store = ObjectStore(evidence_service.runtime.s3, evidence_service.settings.s3_bucket)

    async def body(data: bytes):
        yield data

    winner = await commands.take_upload(uow(), store, body(files.pdf(2)), uploader, intent, 1024 * 1024)
    before = await evidence_service.footprint()
    with pytest.raises(Conflict) as refused:
        await commands.take_upload(uow(), store, body(files.pdf(3)), uploader, intent, 1024 * 1024)
    assert refused.value.code == "evidence.not_latest_version"
    assert refused.value.details["evidence_id"] == first["evidence_id"]
    assert await evidence_service.footprint() == before  # the loser's object is taken out again
    assert winner.supersedes == first["evidence_id"]


async def test_a_file_uploaded_first_is_attached_later_once(evidence_service, files):
    stored = await upload(evidence_service, files.jpeg(), kind="screenshot")
    attach = await evidence_service.api.post(f"/api/evidence/{stored['evidence_id']}/attach", headers=LEARNER,
                                             json={"subject_type": "credit_claim", "subject_id": "cc-3"})
    assert attach.status_code == 200 and attach.json()["subject_id"] == "cc-3"
    types = [e["type"] for e in await events_about(evidence_service, stored["evidence_id"])]
    assert types == ["cme.evidence.EvidenceStored.v1", "cme.evidence.EvidenceAttached.v1"]
    elsewhere = await evidence_service.api.post(f"/api/evidence/{stored['evidence_id']}/attach", headers=LEARNER,
                                                json={"subject_type": "credit_claim", "subject_id": "cc-4"})
    assert elsewhere.status_code == 409


async def test_orphans_are_reported_and_cleaned_and_attached_files_are_kept(evidence_service, files):
    orphan = await upload(evidence_service, files.png(), kind="screenshot")
    attached = await upload(evidence_service, files.png(), kind="screenshot", subject_type="credit_claim",
                            subject_id="cc-5")
    report = await evidence_service.api.get("/api/evidence/orphans", headers=PROVINCE,
                                            params={"older_than_hours": 0})
    listed = [item["evidence_id"] for item in report.json()["items"]]
    assert orphan["evidence_id"] in listed and attached["evidence_id"] not in listed
    not_yet = await evidence_service.api.get("/api/evidence/orphans", headers=PROVINCE)
    assert orphan["evidence_id"] not in [item["evidence_id"] for item in not_yet.json()["items"]]
    assert (await evidence_service.api.get("/api/evidence/orphans", headers=LEARNER)).status_code == 403

    cleaned = await evidence_service.api.post("/api/evidence/orphans/cleanup", headers=PROVINCE,
                                              params={"older_than_hours": 0})
    assert orphan["evidence_id"] in cleaned.json()["removed"]
    assert f"evidence/{orphan['evidence_id']}" not in evidence_service.objects()
    assert f"evidence/{attached['evidence_id']}" in evidence_service.objects()
    gone = await evidence_service.api.get(f"/api/evidence/{orphan['evidence_id']}", headers=LEARNER)
    assert gone.status_code == 404
    await audit_sealed(evidence_service.runtime)
    audit = await events_about(evidence_service, "evidence")
    assert any(e["subject"] == orphan["evidence_id"] and e["data"]["action"] == "evidence.orphan_removed"
               for e in audit)
