"""Issuing on CreditApproved: exactly one certificate per approved credit, a PDF that states
the credit in Chinese, stored in object storage, and CertificateIssued published once."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from cme_contracts.events import CertificateIssued, CreditRevoked
from cme_platform.testing.tokens import auth_header


async def test_a_duplicated_credit_approved_gives_one_certificate(service, credit_approved, new_id_number):
    id_number = new_id_number()
    approval = credit_approved(id_number=id_number)
    message = await service.deliver(approval)
    first = await service.issued(approval.credit_id)

    await service.redeliver(message, id_number)  # the same event id again: the inbox refuses it
    await service.deliver(approval)  # the same approval under a new event id: the credit refuses it
    marker = credit_approved(id_number=id_number)  # same partition, so handled after the duplicates
    await service.deliver(marker)
    await service.issued(marker.credit_id)

    rows = await service.rows_for(approval.credit_id)
    assert [row.certificate_number for row in rows] == [first.certificate_number]
    assert await service.outbox_count(CertificateIssued.type_name(), first.certificate_id) == 1


async def test_the_issued_pdf_states_the_credit_in_chinese(service, credit_approved, new_id_number):
    approval = credit_approved(id_number=new_id_number(), name="李静怡", credits=2.5, credit_class="II",
                               level="provincial", unit="成都市第三人民医院")
    await service.deliver(approval)
    row = await service.issued(approval.credit_id)
    assert row.certificate_number.startswith("SC2026")

    token = service.runtime.authority.access_token(row.certificate_number)
    response = await service.client.get(f"/api/certificates/{row.certificate_number}/pdf",
                                        params={"download": "true", "token": token})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in ("李静怡", "成都市第三人民医院", approval.project_number, "疼痛治疗新进展学习班", "省级", "Ⅱ类",
                     "2.5 分", row.certificate_number, "四川省继续医学教育委员会办公室", "扫码验证"):
        assert expected in text, expected
    assert approval.id_number not in text
    printed = await service.client.get(f"/certificates/{row.certificate_number}/print", params={"token": token})
    assert printed.content == response.content

    # The PDF itself can be verified: the original is valid, a PDF changed after issue is not.
    original = await service.client.post("/api/certificates/verify", files={"file": ("cert.pdf", response.content)})
    assert original.json()["verdict"] == "valid", original.json()
    assert original.json()["certificate"]["certificate_number"] == row.certificate_number
    edited = response.content + b"\n% an incremental update appended after issue\n"
    changed = await service.client.post("/api/certificates/verify", content=edited,
                                        headers={"content-type": "application/pdf"})
    assert changed.json()["verdict"] == "tampered"
    page = await service.client.post("/certificates/verify", files={"file": ("cert.pdf", edited)})
    assert "已被篡改" in page.text and row.certificate_number in page.text


async def test_a_learner_lists_their_own_certificates(service, credit_approved, new_id_number):
    id_number = new_id_number()
    approvals = [credit_approved(id_number=id_number) for _ in range(2)]
    for approval in approvals:
        await service.deliver(approval)
    numbers = {(await service.issued(a.credit_id)).certificate_number for a in approvals}

    response = await service.client.get("/api/certificates/mine", headers=auth_header("learner", id_number=id_number))
    assert response.status_code == 200
    assert {item["certificate_number"] for item in response.json()["items"]} == numbers
    assert response.json()["items"][0]["name"] == "张晓明"
    refused = await service.client.get("/api/certificates/mine", headers=auth_header("unit_admin", unit_id="u1"))
    assert refused.status_code == 403


async def test_a_corrected_credit_approved_again_gets_a_new_certificate(service, credit_approved, new_id_number):
    approval = credit_approved(id_number=new_id_number())
    first_message = await service.deliver(approval)
    first = await service.issued(approval.credit_id)
    await service.deliver(CreditRevoked(credit_id=approval.credit_id, id_number=approval.id_number, reason="学分更正",
                                        revoked_by="省继教办", revoked_at=datetime.now(UTC)))
    await service.issued(approval.credit_id, state="revoked")

    await service.redeliver(first_message, approval.id_number)  # the old approval again: already handled
    corrected = approval.model_copy(update={"credits": 3.0, "approved_at": datetime.now(UTC)})
    await service.deliver(corrected)
    second = await service.issued(approval.credit_id)

    rows = await service.rows_for(approval.credit_id)
    assert [(r.certificate_number, r.state) for r in rows] == [(first.certificate_number, "revoked"),
                                                               (second.certificate_number, "issued")]
    assert float(second.credits) == 3.0
