"""The same entry sent twice at the same moment (a double tap, a retried request) is kept once."""

from __future__ import annotations

import asyncio

from cme_platform.testing.tokens import auth_header


async def test_one_activity_entered_twice_at_once_is_kept_once_and_the_other_is_told_why(service, id_number):
    number = id_number()
    account = f"acct-{number}"
    headers = auth_header("learner", account_id=account, id_number=number, name="王芳", unit_id="zj-unit",
                          city_id="nb", jurisdiction="zhejiang")
    body = {"category": "out_of_province", "id_number": number, "name": "王芳", "project_name": "口腔正畸专科培训",
            "project_number": "2021-08-03-036（国）", "sponsor": "中华口腔医学会继续教育培训部", "level": "national",
            "credits": 10, "hours": 30, "start_date": "2021-05-10", "end_date": "2021-05-16",
            "evidence_ids": [await service.store_evidence(account)]}

    answers = await asyncio.gather(*(service.client.post("/api/credits/entries", headers=headers, json=body)
                                     for _ in range(4)))

    assert sorted(a.status_code for a in answers) == [201, 422, 422, 422]
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 422} == {"self_entry.duplicate"}
    assert len(await service.credits_of(number)) == 1
