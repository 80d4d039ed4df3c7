"""Verifying and querying: valid, tampered and revoked certificates, by number and by
credential JSON, the public query by project number + name or ID number, and the pages."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cme_contracts.events import CertificateRevoked, CreditRevoked
from cme_platform.credentials.signing import from_base58btc, proof_is_valid
from cme_platform.credentials.status_list import is_set


async def issue(service, credit_approved, new_id_number, **overrides):
    """Deliver an approval and wait for its certificate; returns (event, row)."""
    approval = credit_approved(id_number=new_id_number(), **overrides)
    await service.deliver(approval)
    return approval, await service.issued(approval.credit_id)


async def test_a_credential_whose_credits_were_edited_by_one_character_is_tampered(
        service, credit_approved, new_id_number):
    _, row = await issue(service, credit_approved, new_id_number)
    response = await service.client.get(
        f"/api/certificates/{row.certificate_number}/credential",
        params={"token": service.runtime.authority.access_token(row.certificate_number)},
    )
    text = response.text
    assert '"creditsEarned": 4.0' in text

    intact = await service.client.post("/api/certificates/verify", content=text,
                                       headers={"content-type": "application/json"})
    assert intact.json()["verdict"] == "valid", intact.json()
    edited = text.replace('"creditsEarned": 4.0', '"creditsEarned": 5.0')
    tampered = await service.client.post("/api/certificates/verify", content=edited,
                                         headers={"content-type": "application/json"})
    assert tampered.json()["verdict"] == "tampered"
    assert "篡改" in tampered.json()["message"]

    uploaded = await service.client.post("/certificates/verify", files={"file": ("cert.json", edited.encode())})
    assert uploaded.status_code == 200 and "已被篡改" in uploaded.text
    pasted = await service.client.post("/certificates/verify", data={"credential": text})
    assert "✔ 有效" in pasted.text
    garbage = await service.client.post("/api/certificates/verify", content=b"not json",
                                        headers={"content-type": "application/json"})
    assert garbage.status_code == 400 and garbage.json()["error"]["code"] == "credential.unreadable"
    huge = await service.client.post("/api/certificates/verify", content=b" " * (3 * 1024 * 1024))
    assert huge.status_code == 400 and huge.json()["error"]["code"] == "credential.too_large"


async def test_the_published_key_verifies_the_credential_offline(service, credit_approved, new_id_number):
    _, row = await issue(service, credit_approved, new_id_number)
    keys = (await service.client.get("/.well-known/cme-certificates/jwks.json")).json()["keys"]
    assert keys == (await service.client.get("/api/certificates/keys")).json()["keys"]
    profile = (await service.client.get("/api/certificates/issuer")).json()
    multikey = profile["verificationMethod"][0]["publicKeyMultibase"]
    raw = base64.urlsafe_b64decode(keys[0]["x"] + "==")
    assert from_base58btc(multikey[1:])[2:] == raw  # the JWK and the Multikey are the same key

    credential = row.credential
    assert credential["proof"]["verificationMethod"] == f"{profile['id']}#{multikey}"
    assert proof_is_valid(credential, {multikey: Ed25519PublicKey.from_public_bytes(raw)})


async def test_a_revoked_certificate_is_reported_revoked_with_its_date(service, credit_approved, new_id_number):
    approval, row = await issue(service, credit_approved, new_id_number)
    credential = row.credential
    revoked_at = datetime(2026, 11, 20, 10, tzinfo=UTC)
    await service.deliver(CreditRevoked(credit_id=approval.credit_id, id_number=approval.id_number,
                                        reason="学分信息更正", revoked_by="省继教办", revoked_at=revoked_at))
    await service.issued(approval.credit_id, state="revoked")

    by_number = (await service.client.get(f"/api/certificates/{row.certificate_number}/verify",
                                          params={"name": approval.name})).json()
    assert by_number["verdict"] == "revoked"
    assert "2026年11月20日" in by_number["message"] and "学分信息更正" in by_number["message"]
    by_credential = await service.client.post("/api/certificates/verify", json=credential)
    assert by_credential.json()["verdict"] == "revoked"
    page = await service.client.get(f"/certificates/verify/{row.certificate_number}",
                                    params={"token": service.runtime.authority.access_token(row.certificate_number)})
    assert "已撤销" in page.text and "2026年11月20日" in page.text
    assert await service.outbox_count(CertificateRevoked.type_name(), row.certificate_id) == 1

    status = credential["credentialStatus"]
    status_list = (await service.client.get(status["statusListCredential"].removeprefix("https://cme.example.cn"))).json()
    assert status_list["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert is_set(status_list["credentialSubject"]["encodedList"], int(status["statusListIndex"]))


async def test_the_public_query_finds_by_number_and_name_but_not_by_a_wrong_name(
        service, credit_approved, new_id_number):
    approval, row = await issue(service, credit_approved, new_id_number, name="王建国")
    headers = {"x-forwarded-for": f"10.0.{uuid.uuid4().int % 250}.1"}

    found = await service.client.get("/api/certificates", headers=headers,
                                     params={"project_number": approval.project_number, "name": "王建国"})
    assert [item["certificate_number"] for item in found.json()["items"]] == [row.certificate_number]
    item = found.json()["items"][0]
    assert item["name"] == "王**" and item["id_number"] == approval.id_number[:4] + "*" * 10 + approval.id_number[-4:]
    typed = approval.project_number.replace("（", " (").replace("）", ")")  # ASCII parentheses, a space
    assert (await service.client.get("/api/certificates", headers=headers,
                                     params={"project_number": typed, "name": "王建国"})).json()["items"] == [item]
    wrong = await service.client.get("/api/certificates", headers=headers,
                                     params={"project_number": approval.project_number, "name": "王建军"})
    assert wrong.json()["items"] == []
    by_id = await service.client.get("/api/certificates", headers=headers,
                                     params={"id_number": approval.id_number.lower()})
    assert [item["certificate_number"] for item in by_id.json()["items"]] == [row.certificate_number]
    missing = await service.client.get("/api/certificates", headers=headers, params={"name": "王建国"})
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "certificate_query.missing_fields"
    not_one = await service.client.get("/api/certificates", headers=headers, params={"id_number": "110101199003070000"})
    assert not_one.status_code == 400 and not_one.json()["error"] == {
        "code": "id_number.invalid", "message": "身份证号码格式不正确或校验位错误，请核对后重新输入"}

    page = await service.client.get("/certificates", headers=headers,
                                    params={"project_number": approval.project_number, "name": "王建国"})
    assert "学员证书查询" in page.text and row.certificate_number in page.text and "王**" in page.text
    assert approval.id_number not in page.text


async def test_the_public_query_is_rate_limited_per_client(service):
    limit = service.runtime.settings.public_query_limit
    headers = {"x-forwarded-for": f"10.1.{uuid.uuid4().int % 250}.9"}
    statuses = [(await service.client.get("/api/certificates", headers=headers,
                                          params={"id_number": "110101199003070003"})).status_code
                for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit and statuses[-1] == 429
    other = await service.client.get("/api/certificates", headers={"x-forwarded-for": "10.2.0.1"},
                                     params={"id_number": "110101199003070003"})
    assert other.status_code == 200


async def test_look_ups_by_number_are_rate_limited_so_numbers_cannot_be_scanned(service):
    headers = {"x-forwarded-for": f"10.3.{uuid.uuid4().int % 250}.7"}
    limit = service.runtime.settings.public_lookup_limit
    statuses = [(await service.client.get(f"/api/certificates/SC2099{i:08d}/verify", headers=headers)).status_code
                for i in range(limit + 1)]
    assert statuses[:limit] == [200] * limit and statuses[-1] == 429
    page = await service.client.get("/certificates/verify/SC209900000000", headers=headers)
    assert page.status_code == 429 and "查询过于频繁" in page.json()["error"]["message"]


async def test_an_unknown_number_is_not_found(service):
    verdict = (await service.client.get("/api/certificates/SC209900000000/verify")).json()
    assert verdict["verdict"] == "not_found"
    assert (await service.client.get("/api/certificates/SC209900000000")).status_code == 404
    pdf = await service.client.get("/api/certificates/SC209900000000/pdf")
    assert json.loads(pdf.text)["error"]["code"] == "certificate.not_found"


def certificates_counted(action: str) -> float:
    from prometheus_client import REGISTRY
    return REGISTRY.get_sample_value("cme_certificates_total", {"action": action}) or 0.0


async def test_certificates_issued_and_revoked_are_counted(service, credit_approved, new_id_number):
    issued, revoked = certificates_counted("issued"), certificates_counted("revoked")
    approval, _ = await issue(service, credit_approved, new_id_number)
    await service.deliver(CreditRevoked(credit_id=approval.credit_id, id_number=approval.id_number,
                                        reason="学分信息更正", revoked_by="省继教办",
                                        revoked_at=datetime(2026, 11, 20, 10, tzinfo=UTC)))
    await service.issued(approval.credit_id, state="revoked")
    assert certificates_counted("issued") - issued >= 1
    assert certificates_counted("revoked") - revoked == 1
