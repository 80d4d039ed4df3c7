"""学分达标证明 across services: the credits service reviews and revokes a credit, the certificates
service issues its certificate, and a learner's compliance proof (asked of credits as the learner,
signed by certificates) is verified, then shown as changed once one of its credits is revoked."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_certificates.adapters.credits_api import CreditsApi
from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app as certificates_app
from cme_contracts import Envelope
from cme_contracts.events import ExecutionReported, ReportedAttendee
from cme_contracts.identifiers import id_check_digit
from cme_credits.config import CreditsSettings
from cme_credits.entrypoints.app import create_app as credits_app
from cme_platform.testing.journeys import ok
from cme_platform.testing.services import eventually, migrated_database, running, settings_for
from cme_platform.testing.tokens import auth_header

pytestmark = pytest.mark.timeout(300)
PROVINCE = auth_header("provincial_office", account_id="acct-js", jurisdiction="jiangsu")


def _id_number() -> str:
    first_17 = f"320502198808{random.randrange(10, 28)}{random.randrange(1000):03d}"
    return first_17 + id_check_digit(first_17)


def _report(person: str, credit_class: str, credits: float) -> ExecutionReported:
    """A two-day national session in Jiangsu that `person` attended in full."""
    return ExecutionReported(
        report_id=str(uuid.uuid4()), session_id=str(uuid.uuid4()), project_id=str(uuid.uuid4()),
        project_number=f"2024-03-05-{random.randrange(1000):03d}（国）", project_name=f"{credit_class}类学习班",
        jurisdiction="jiangsu", level="national", credit_class=credit_class, credits=credits,
        start_date=date(2024, 5, 10), end_date=date(2024, 5, 11), unit_id="unit-sz", submitted_by="acct-unit",
        submitted_at=datetime.now(UTC), city_id="320500",
        attendees=[ReportedAttendee(id_number=person, name="孙七", unit="苏州市立医院", attended_hours=12)])


async def _services(infra):
    key = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()).decode()
    credits = credits_app(settings_for(infra, CreditsSettings, await migrated_database(infra, "cme_credits")))
    certificates = certificates_app(settings_for(
        infra, CertificatesSettings, await migrated_database(infra, "cme_certificates"), cert_signing_key=key,
        s3_bucket="cme-certificates-proof", public_base_url="https://cme.example.cn"))
    return credits, certificates


async def test_a_proof_verified_then_shown_changed_after_one_of_its_credits_is_revoked(infra):
    credits, certificates = await _services(infra)
    person = _id_number()
    learner = auth_header("learner", account_id=f"acct-{person}", id_number=person, jurisdiction="jiangsu")
    async with running(credits) as credits_api, running(certificates) as api:
        # As the front door would route it: certificates asks credits' public API with the learner's token.
        certificates.state.runtime.credits_api = CreditsApi(httpx.AsyncClient(
            transport=httpx.ASGITransport(app=credits), base_url="http://credits"))
        producer = credits.state.runtime.producer
        for report in (_report(person, "I", 4), _report(person, "II", 4)):
            envelope = Envelope(source="/cme/attendance", type=report.type_name(), subject=report.partition_key(),
                                data=report.model_dump(mode="json"))
            await producer.send_and_wait(report.topic, envelope.to_bytes(), key=report.partition_key().encode())

        async def in_review():
            mine = (await credits_api.get("/api/credits", headers=learner)).json()["credits"]
            return [c["credit_id"] for c in mine if c["status"] == "in_review"] if len(mine) == 2 else None

        credit_ids = await eventually(in_review, timeout=60)
        await ok(await credits_api.post("/api/credits/reviews", headers=PROVINCE,
                                        json={"credit_ids": credit_ids, "decision": "approve"}))

        async def certificates_issued():
            return len((await api.get("/api/certificates/mine", headers=learner)).json()["items"]) == 2

        await eventually(certificates_issued, timeout=90)
        proof = await ok(await api.post("/api/certificates/compliance-proofs", headers=learner, json={
            "years": [2024], "staff_level": "tertiary_hospital", "show_id_number": True}))
        subject = proof["credential"]["credentialSubject"]
        assert subject["jurisdiction"]["id"] == "jiangsu" and subject["compliance"][0]["met"] is False
        assert subject["compliance"][0]["nationalWindow"] == {"years": 5, "required": 10, "earned": 8}
        assert {c["creditId"] for c in subject["credits"]} == set(credit_ids)
        assert all(c["certificateNumber"].startswith("JS") for c in subject["credits"])
        assert (await ok(await api.post("/api/certificates/verify", json=proof["credential"])))["verdict"] == "valid"

        revoked = credit_ids[0]
        await ok(await credits_api.post(f"/api/credits/{revoked}/revocation", headers=PROVINCE,
                                        json={"reason": "学分信息有误"}))

        async def shown_changed():
            answer = await ok(await api.post("/api/certificates/verify", json=proof["credential"]))
            return answer if answer["verdict"] == "changed" else None

        changed = await eventually(shown_changed, timeout=60)
        assert {c["creditId"]: c["state"] for c in changed["credits"]} == {
            revoked: "revoked", credit_ids[1]: "valid"}
        assert "学分信息有误" in next(c["stateText"] for c in changed["credits"] if c["creditId"] == revoked)
        pdf = (await api.get(proof["pdf_url"])).content
        assert (await ok(await api.post("/api/certificates/verify", content=pdf)))["verdict"] == "changed"
