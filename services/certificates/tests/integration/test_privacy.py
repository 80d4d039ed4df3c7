"""A certificate number alone opens nothing: its details need the learner's name (seed 003)
or the token in its QR code; its PDF needs the token or the learner signed in; numbers cannot
be walked; the query page does not write the ID number back."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from cme_platform.testing.tokens import auth_header


async def _issued(service, credit_approved, new_id_number, **overrides):
    approval = credit_approved(id_number=new_id_number(), **overrides)
    await service.deliver(approval)
    return approval, await service.issued(approval.credit_id)


async def test_a_number_alone_shows_nothing_and_with_the_name_shows_the_masked_certificate(
        service, credit_approved, new_id_number):
    approval, row = await _issued(service, credit_approved, new_id_number, name="赵丽华")
    number = row.certificate_number
    alone = await service.client.get(f"/api/certificates/{number}")
    assert alone.status_code == 404 and alone.json()["error"]["code"] == "certificate.not_found"
    assert (await service.client.get(f"/api/certificates/{number}/verify")).json()["verdict"] == "not_found"
    wrong = await service.client.get(f"/api/certificates/{number}", params={"name": "赵丽"})
    assert wrong.status_code == 404
    named = await service.client.get(f"/api/certificates/{number}", params={"name": " 赵丽华"})
    assert named.status_code == 200 and named.json()["name"] == "赵**"
    assert (await service.client.get(f"/api/certificates/{number}/verify", params={"name": "赵丽华"})).json()[
        "verdict"] == "valid"
    page = await service.client.get(f"/certificates/verify/{number}")
    assert "查无此证" in page.text and "赵" not in page.text


async def test_the_pdf_opens_with_the_qr_token_or_for_its_learner_signed_in_only(
        service, credit_approved, new_id_number):
    approval, row = await _issued(service, credit_approved, new_id_number, name="钱程")
    number = row.certificate_number
    token = service.runtime.authority.access_token(number)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")  # one character off, never the token itself
    for path in (f"/api/certificates/{number}/pdf", f"/api/certificates/{number}/credential",
                 f"/certificates/{number}/print"):
        assert (await service.client.get(path)).status_code == 404, path
        assert (await service.client.get(path, params={"name": "钱程"})).status_code == 404, path
        assert (await service.client.get(path, params={"token": forged})).status_code == 404, path
        assert (await service.client.get(path, params={"token": token})).status_code == 200, path
    learner = auth_header("learner", id_number=approval.id_number)
    assert (await service.client.get(f"/api/certificates/{number}/pdf", headers=learner)).status_code == 200
    other = auth_header("learner", id_number=new_id_number())
    assert (await service.client.get(f"/api/certificates/{number}/pdf", headers=other)).status_code == 404

    pdf = (await service.client.get(f"/api/certificates/{number}/pdf", params={"token": token})).content
    assert f"/certificates/verify/{number}?token={token}" in PdfReader(io.BytesIO(pdf)).metadata["/Keywords"]
    mine = (await service.client.get("/api/certificates/mine", headers=learner)).json()["items"][0]
    assert mine["name"] == "钱程" and mine["pdf_url"].endswith(f"?token={token}")
    qr_page = await service.client.get(f"/certificates/verify/{number}", params={"token": token})
    assert "有效" in qr_page.text and f"print?token={token}" in qr_page.text


async def test_certificate_numbers_are_random_not_a_serial(service, credit_approved, new_id_number):
    numbers = [(await _issued(service, credit_approved, new_id_number))[1].certificate_number for _ in range(3)]
    assert all(re.fullmatch(r"SC2026[0-9A-HJKMNP-TV-Z]{12}", n) for n in numbers), numbers
    tails = sorted(int(n[-6:], 36) for n in numbers)
    assert tails[1] - tails[0] > 3 or tails[2] - tails[1] > 3, "numbers one after another"


async def test_the_query_page_does_not_write_the_id_number_back(service, credit_approved, new_id_number):
    approval, row = await _issued(service, credit_approved, new_id_number)
    page = await service.client.get("/certificates", params={"id_number": approval.id_number},
                                    headers={"x-forwarded-for": "10.77.0.1"})
    assert row.certificate_number in page.text
    assert approval.id_number not in page.text and approval.id_number.lower() not in page.text
