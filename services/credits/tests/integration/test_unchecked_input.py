"""Input that used to reach the database and come back as a 500 is refused at the door with
a 422 in the platform's error shape."""

from __future__ import annotations

import pytest

from cme_platform.testing.tokens import auth_header

PROVINCE = auth_header("provincial_office", account_id="acct-js", jurisdiction="jiangsu")


@pytest.mark.parametrize(("path", "params"), [
    ("/api/credits/statistics", {"year": "13544219951346444288"}),
    ("/api/credits", {"year": "-38114351202006"}),
    ("/api/credits", {"status": "\u008a\u0000"}),
    ("/api/credits/compliance", {"id_number": "x", "year": "99999999999999999999"}),
])
async def test_out_of_range_numbers_and_control_characters_in_a_query_are_refused(service, path, params):
    answer = await service.client.get(path, params=params, headers=PROVINCE)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] in ("request.invalid", "request.invalid_characters") and error["message"]


@pytest.mark.parametrize("bad", ["credit\u0000", "\ud800", "a\u001b[31m"])
async def test_control_characters_or_lone_surrogates_in_a_json_body_are_refused(service, bad):
    body = (
        '{"credit_ids": ["'
        + bad.encode("unicode_escape").decode().replace("\\x", "\\u00")
        + '"], "decision": "approve"}'
    )
    answer = await service.client.post("/api/credits/reviews", content=body,
                                       headers=PROVINCE | {"content-type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "request.invalid_characters"
