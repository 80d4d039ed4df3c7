"""学分达标证明 and 学分档案导出 against the real database, broker and storage: a learner's proof is
verified by its QR link, its PDF and its JSON, shows a credit revoked after issue, and the
transcript holds the learner's own signed credentials (credits answers through a stand-in here;
tests/test_compliance_proof.py runs the real one)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from cme_contracts.events import CreditRevoked
from cme_platform.testing.tokens import auth_header

# A proof covers years up to the current one in the jurisdiction's zone: the credits are this year's,
# so the tests hold on any date.
YEAR = datetime.now(ZoneInfo("Asia/Shanghai")).year


@pytest.fixture
async def learner(service, credit_approved, new_id_number, credits_stand_in):
    """A learner with two issued certificates, both counted by credits; their headers and approvals."""
    id_number = new_id_number()
    approvals = [credit_approved(id_number=id_number, credit_class="I", credits=6, year=YEAR),
                 credit_approved(id_number=id_number, credit_class="II", credits=16, project_name="基层适宜技术培训",
                                 year=YEAR)]
    for approval in approvals:
        await service.deliver(approval)
        await service.issued(approval.credit_id)
        credits_stand_in.counted(id_number, approval)
    headers = auth_header("learner", account_id=f"acct-{id_number}", id_number=id_number, jurisdiction="sichuan")
    return headers, approvals


async def issue(service, headers, **body) -> dict:
    answer = await service.client.post("/api/certificates/compliance-proofs", headers=headers,
                                       json={"years": [YEAR]} | body)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_a_proof_lists_each_counted_credit_with_its_certificate_and_only_what_the_learner_shows(
        service, learner):
    headers, approvals = learner
    proof = await issue(service, headers, show_name=False, show_id_number=True)
    subject = proof["credential"]["credentialSubject"]
    assert "name" not in subject and "unit" not in subject
    assert subject["idNumberMasked"].count("*") == 10
    assert approvals[0].id_number not in json.dumps(proof["credential"])
    assert subject["compliance"][0]["met"] is True
    numbers = {c["creditId"]: c["certificateNumber"] for c in subject["credits"]}
    assert set(numbers) == {a.credit_id for a in approvals}
    api_path = proof["verify_url"].removeprefix("https://cme.example.cn").replace(
        "/certificates/proofs/", "/api/certificates/compliance-proofs/")
    verdict = (await service.client.get(api_path)).json()
    assert verdict["verdict"] == "valid"
    assert {c["state"] for c in verdict["credits"]} == {"valid"}


async def test_a_proof_opens_only_with_its_token_or_for_its_learner(service, learner):
    headers, _ = learner
    proof = await issue(service, headers)
    path = f"/api/certificates/compliance-proofs/{proof['proof_id']}"
    assert (await service.client.get(path)).status_code == 404
    assert (await service.client.get(path, params={"token": "wrong"})).status_code == 404
    assert (await service.client.get(path, headers=headers)).status_code == 200
    other = auth_header("learner", account_id="acct-other", id_number="510104199001011234", jurisdiction="sichuan")
    assert (await service.client.get(path, headers=other)).json()["error"]["code"] == "proof.not_found"


async def test_the_pdf_and_the_json_verify_on_the_public_page_and_a_changed_pdf_does_not(service, learner):
    headers, _ = learner
    proof = await issue(service, headers)
    pdf = (await service.client.get(proof["pdf_url"])).content
    assert pdf.startswith(b"%PDF")
    by_pdf = await service.client.post("/api/certificates/verify", content=pdf)
    assert by_pdf.json()["verdict"] == "valid", by_pdf.text
    changed = pdf.replace(b"/Producer", b"/Producex", 1)
    assert (await service.client.post("/api/certificates/verify", content=changed)).json()["verdict"] == "tampered"
    page = await service.client.post("/certificates/verify", files={"file": ("proof.json", json.dumps(
        proof["credential"]).encode(), "application/json")})
    assert "✔ 有效" in page.text and "学分达标证明" in page.text
    forged = json.loads(json.dumps(proof["credential"]))
    forged["credentialSubject"]["compliance"][0]["met"] = False
    assert (await service.client.post("/api/certificates/verify", json=forged)).json()["verdict"] == "tampered"


async def test_a_credit_revoked_after_issue_shows_the_proof_as_changed(service, learner):
    headers, approvals = learner
    proof = await issue(service, headers)
    await service.deliver(CreditRevoked(credit_id=approvals[1].credit_id, id_number=approvals[1].id_number,
                                        reason="学分信息更正", revoked_by="省继教办", revoked_at=datetime.now(UTC)))
    await service.issued(approvals[1].credit_id, state="revoked")
    verdict = (await service.client.post("/api/certificates/verify", json=proof["credential"])).json()
    assert verdict["verdict"] == "changed"
    states = {c["creditId"]: c["state"] for c in verdict["credits"]}
    assert states == {approvals[0].credit_id: "valid", approvals[1].credit_id: "revoked"}
    page = await service.client.get(proof["verify_url"].removeprefix("https://cme.example.cn"))
    assert "已变更" in page.text and "已撤销" in page.text


async def test_years_beyond_five_or_in_the_future_are_refused_in_chinese(service, learner):
    headers, _ = learner
    too_many = await service.client.post("/api/certificates/compliance-proofs", headers=headers,
                                         json={"years": [2020, 2021, 2022, 2023, 2024, 2025]})
    assert too_many.status_code == 422
    future = await service.client.post("/api/certificates/compliance-proofs", headers=headers,
                                       json={"years": [2099]})
    assert future.json()["error"]["code"] == "proof.years" and "年度" in future.json()["error"]["message"]


async def test_the_transcript_is_a_presentation_of_the_learners_own_signed_credentials(service, learner):
    headers, approvals = learner
    presentation = (await service.client.get("/api/certificates/transcript", headers=headers)).json()
    assert presentation["type"] == ["VerifiablePresentation"] and "proof" not in presentation
    assert len(presentation["verifiableCredential"]) == 2
    for credential in presentation["verifiableCredential"]:
        verdict = await service.client.post("/api/certificates/verify", json=credential)
        assert verdict.json()["verdict"] == "valid"
    workbook = await service.client.get("/api/certificates/transcript", headers=headers, params={"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("年度", "证书编号", "项目编号", "项目名称")
    assert {row[3] for row in rows[1:]} == {a.project_name for a in approvals}


async def test_while_credits_does_not_answer_a_proof_is_refused_with_when_to_try_again(service, learner,
                                                                                      credits_stand_in):
    headers, _ = learner
    credits_stand_in.down = True
    try:
        answer = await service.client.post("/api/certificates/compliance-proofs", headers=headers,
                                           json={"years": [YEAR]})
    finally:
        credits_stand_in.down = False
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert answer.json()["error"]["code"] == "proof.credits_unavailable" and "稍后" in answer.json()["error"]["message"]
