"""Out-of-province credits entered by credential (凭电子证书录入): a certificate signed by another
province's platform — a second certificates service with its own key, reached over real HTTP —
is accepted in Zhejiang without a PDF, goes up Zhejiang's chain marked 已验证电子证书 and is
approved in bulk; every way a credential can be bad is refused with a Chinese message."""

from __future__ import annotations

import asyncio
import copy
import json
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_platform.credentials.signing import Signer, multikey
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

ZJ_UNIT = auth_header("unit_admin", account_id="acct-zj-unit", unit_id="zj-unit", city_id="330100",
                      jurisdiction="zhejiang")
ZJ_CITY = auth_header("city_office", account_id="acct-hz", city_id="330100", jurisdiction="zhejiang")
ZJ_PROVINCE = auth_header("provincial_office", account_id="acct-zj", jurisdiction="zhejiang")

def learner(id_number: str, name: str) -> dict:
    return auth_header("learner", account_id=f"acct-{id_number}", id_number=id_number, name=name,
                       unit_id="zj-unit", city_id="330100", jurisdiction="zhejiang")


async def present(credits, headers: dict, credential: dict):
    return await credits.post("/api/credits/entries/credential", headers=headers, json=credential)


def refusal(response) -> str:
    assert response.status_code in (400, 403, 422, 503), response.text
    return response.json()["error"]["code"]


async def test_a_peer_platforms_certificate_is_entered_without_a_pdf_and_approved_through_the_chain(
        credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    certified = await peer_platform.certify(id_number, name)

    entered = await present(credits_service, learner(id_number, name), certified["credential"])
    assert entered.status_code == 201, entered.text
    body = entered.json()
    assert body["verified_credential"] is True and body["status"] == "draft"
    assert (body["level"], body["credit_class"], body["credits"]) == ("national", "I", 4)
    assert body["entry"]["project_name"] == "疼痛治疗新进展学习班"
    assert body["entry"]["project_number"].endswith("（国）")
    assert body["entry"]["sponsor"] == "江苏省继续医学教育委员会办公室" and body["entry"]["hours"] == 12
    assert body["entry"]["start_date"] == "2026-03-05"
    credit_id = body["credit_id"]

    submitted = await credits_service.post("/api/credits/submissions", headers=learner(id_number, name),
                                           json={"credit_ids": [credit_id]})
    assert submitted.json()["results"][0]["status"] == "in_review", submitted.text
    for reviewer in (ZJ_UNIT, ZJ_CITY, ZJ_PROVINCE):
        queue = (await credits_service.get("/api/credits/queue", headers=reviewer)).json()["credits"]
        marked = [c["credit_id"] for c in queue if c["verified_credential"]]
        assert credit_id in marked
        decided = await credits_service.post("/api/credits/reviews", headers=reviewer,
                                             json={"credit_ids": marked, "decision": "approve"})
        assert decided.status_code == 200, decided.text
    mine = (await credits_service.get("/api/credits", headers=learner(id_number, name))).json()
    credit = next(c for c in mine["credits"] if c["credit_id"] == credit_id)
    assert credit["status"] == "approved" and credit["evidence_ids"] == []


async def test_the_same_credential_entered_twice_is_refused(credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    certified = await peer_platform.certify(id_number, name)
    assert (await present(credits_service, learner(id_number, name), certified["credential"])).status_code == 201
    again = await present(credits_service, learner(id_number, name), certified["credential"])
    assert refusal(again) == "credential.already_entered" and "已录入过" in again.json()["error"]["message"]


async def test_the_same_credential_presented_twice_at_once_is_entered_once(credits_service, peer_platform,
                                                                            new_learner):
    id_number, name = new_learner()
    certified = await peer_platform.certify(id_number, name)
    answers = await asyncio.gather(*(present(credits_service, learner(id_number, name), certified["credential"])
                                     for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [201, 422, 422, 422], [a.text for a in answers]
    assert {refusal(a) for a in answers if a.status_code != 201} == {"credential.already_entered"}


async def test_the_certificate_pdf_leads_to_its_credential(credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    certified = await peer_platform.certify(id_number, name)
    pdf = await peer_platform.pdf(certified)
    entered = await credits_service.post("/api/credits/entries/credential", headers=learner(id_number, name),
                                         files={"file": ("证书.pdf", pdf, "application/pdf")})
    assert entered.status_code == 201, entered.text
    assert entered.json()["entry"]["project_number"] == certified["credential"]["credentialSubject"][
        "achievement"]["humanCode"]


async def test_a_tampered_credential_is_refused(credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    edited = copy.deepcopy((await peer_platform.certify(id_number, name))["credential"])
    edited["credentialSubject"]["creditsEarned"] = 10.0
    answer = await present(credits_service, learner(id_number, name), edited)
    assert refusal(answer) == "credential.tampered" and "篡改" in answer.json()["error"]["message"]


async def test_a_forged_credential_signed_with_another_key_is_refused(credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    genuine = (await peer_platform.certify(id_number, name))["credential"]
    key = Ed25519PrivateKey.generate()
    issuer = genuine["issuer"]["id"]
    forged = Signer(key, f"{issuer}#{multikey(key.public_key())}").sign(genuine, datetime.now(UTC))
    answer = await present(credits_service, learner(id_number, name), forged)
    assert refusal(answer) == "credential.forged" and "伪造" in answer.json()["error"]["message"]


async def test_a_credential_signed_with_a_key_the_issuer_retired_is_refused_as_expired(
        credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    genuine = (await peer_platform.certify(id_number, name))["credential"]
    old = peer_platform.retired_key
    issuer = genuine["issuer"]["id"]
    resigned = Signer(old, f"{issuer}#{multikey(old.public_key())}").sign(genuine, datetime(2025, 6, 1, tzinfo=UTC))
    answer = await present(credits_service, learner(id_number, name), resigned)
    assert refusal(answer) == "credential.key_expired" and "过期" in answer.json()["error"]["message"]


async def test_a_revoked_certificate_is_refused(credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    certified = await peer_platform.certify(id_number, name)
    await peer_platform.revoke(certified)

    async def refused_as_revoked():
        answer = await present(credits_service, learner(id_number, name), certified["credential"])
        return answer.status_code == 422 and answer.json()["error"]["code"] == "credential.revoked"

    assert await eventually(refused_as_revoked, timeout=10, interval=0.3)


async def test_someone_elses_certificate_is_refused(credits_service, peer_platform, new_learner):
    owner, owner_name = new_learner("李娜")
    other, other_name = new_learner("王芳")
    certified = await peer_platform.certify(owner, owner_name)
    answer = await present(credits_service, learner(other, other_name), certified["credential"])
    assert refusal(answer) == "credential.not_yours" and "本人" in answer.json()["error"]["message"]


async def test_an_issuer_not_on_zhejiangs_list_is_refused(credits_service, peer_platform, new_learner):
    id_number, name = new_learner()
    credential = (await peer_platform.certify(id_number, name))["credential"]
    credential = json.loads(json.dumps(credential).replace(peer_platform.url, "https://cme.elsewhere.example"))
    answer = await present(credits_service, learner(id_number, name), credential)
    assert refusal(answer) == "credential.untrusted_issuer" and "浙江省" in answer.json()["error"]["message"]


async def test_an_issuer_that_does_not_answer_is_a_try_again_later(credits_service, peer_platform, new_learner,
                                                                    zhejiang_trusts_peer):
    id_number, name = new_learner()
    credential = (await peer_platform.certify(id_number, name))["credential"]
    credential = json.loads(json.dumps(credential).replace(peer_platform.url, zhejiang_trusts_peer))
    answer = await present(credits_service, learner(id_number, name), credential)
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "credential.issuer_unreachable"
