"""The public certificate pages, refused: each problem in Chinese under the field to fix."""

from __future__ import annotations

import uuid

from cme_platform.testing.forms import assert_said_in_chinese, field_error, is_marked_invalid


def assert_under(html: str, field: str, *words: str) -> None:
    said = field_error(html, field)
    assert_said_in_chinese(said)
    assert all(word in said for word in words), said
    assert is_marked_invalid(html, field)


def client_address() -> dict:
    # A fresh address per test, so the public query's rate limit of other tests does not answer first.
    return {"x-forwarded-for": f"10.9.{uuid.uuid4().int % 250}.3"}


async def test_a_mistyped_id_number_is_said_under_it_and_not_written_back(service):
    page = await service.client.get("/certificates", headers=client_address(),
                                    params={"id_number": "110101199003070000"})
    assert page.status_code == 400 and "110101199003070000" not in page.text
    assert_under(page.text, "id_number", "身份证号码")
    assert field_error(page.text, "project_number") is None


async def test_a_project_number_without_the_name_asks_for_the_name_under_it(service):
    page = await service.client.get("/certificates", headers=client_address(),
                                    params={"project_number": "2021-03-05-129（国）"})
    assert page.status_code == 400 and 'value="2021-03-05-129（国）"' in page.text
    assert_under(page.text, "name", "学员姓名")


async def test_an_unknown_certificate_number_is_said_under_the_number_and_kept(service):
    page = await service.client.get("/certificates/verify/SC209900000001", headers=client_address())
    assert 'value="SC209900000001"' in page.text
    assert_under(page.text, "number", "查无此证", "证书编号")


async def test_an_unreadable_credential_is_said_under_the_credential(service):
    page = await service.client.post("/certificates/verify", headers=client_address(),
                                     data={"credential": "{not json"})
    assert page.status_code >= 400
    assert_under(page.text, "credential")
