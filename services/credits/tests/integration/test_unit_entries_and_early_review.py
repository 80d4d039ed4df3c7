"""A unit's entries cover only its registered people (mirrored from identity), and early review runs on
the office's window and the units' lists of senior-title applicants (seed 001)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from cme_contracts.events import AccountRejected
from cme_credits.adapters.tables import unit_member
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

SETTINGS = {"review_date": date(2020, 10, 1)}  # inside Jinjiang's 2020 early-review window set below

CD_UNIT = auth_header("unit_admin", account_id="acct-cd-unit", unit_id="cd-unit", city_id="cd", jurisdiction="jinjiang")
JJ_DISTRICT = auth_header("district_office", account_id="acct-jj-district", city_id="cd", jurisdiction="jinjiang")
ZJ_PROVINCE = auth_header("provincial_office", account_id="acct-zj", jurisdiction="zhejiang")


async def enter(service, headers, body) -> dict:
    response = await service.client.post("/api/credits/entries", headers=headers, json=body)
    return response.json() | {"status_code": response.status_code}


async def test_a_unit_enters_one_activity_only_for_people_registered_in_it(service, id_number):
    registered, stranger, bad = id_number(), id_number(), "51010119900101123"
    await service.register(registered, "刘洋", "cd-unit", "jinjiang")
    await service.register(stranger, "陈静", "another-unit", "jinjiang")
    proofs = [await service.store_evidence("acct-cd-unit", content_type="image/png") for _ in range(4)]
    body = {"activity": {"category": "district_ii", "project_name": "锦江区医学会院感防控培训", "credits": 2,
                         "hours": 12, "year": 2019},
            "people": [{"id_number": registered, "name": "刘洋", "evidence_ids": [proofs[0]]},
                       {"id_number": stranger, "name": "陈静", "evidence_ids": [proofs[1]]},
                       {"id_number": bad, "name": "赵磊", "evidence_ids": [proofs[2]]}]}
    response = (await service.client.post("/api/credits/entries/bulk", headers=CD_UNIT, json=body)).json()
    assert (response["accepted"], response["refused"]) == (1, 2)
    assert [r.get("code") for r in response["results"]] == [None, "self_entry.not_in_unit", "id_number.invalid"]
    assert "未在本单位注册" in response["results"][1]["message"]
    assert await service.credits_of(stranger) == []

    single = {**body["activity"], "project_name": "锦江区医学会急救培训", "id_number": registered, "name": "刘阳",
              "evidence_ids": [proofs[3]]}
    misnamed = await enter(service, CD_UNIT, single)
    assert misnamed["error"]["code"] == "self_entry.name_mismatch", "a unit's single entry is held to the same rule"


async def test_a_registration_the_unit_rejected_is_no_member_of_it(service, id_number):
    number = id_number()
    await service.register(number, "孙七", "cd-unit", "jinjiang")
    await service.send(AccountRejected(account_id=f"acct-{number}-cd-unit", role="learner", name="孙七",
                                       unit_id="cd-unit", id_number=number, decided_by="acct-cd-unit",
                                       decided_at=datetime.now(UTC)))

    async def forgotten():
        async with service.app.state.runtime.sessions() as session:
            return (await session.execute(select(unit_member).where(unit_member.c.id_number == number))).first() is None

    await eventually(forgotten)
    proof = await service.store_evidence("acct-cd-unit", content_type="image/png")
    answer = await enter(service, CD_UNIT, {
        "category": "district_ii", "project_name": "锦江区医学会药事管理培训", "credits": 1, "hours": 6, "year": 2019,
        "id_number": number, "name": "孙七", "evidence_ids": [proof]})
    assert answer["error"]["code"] == "self_entry.not_in_unit"


async def test_early_review_admits_only_the_people_a_unit_listed_inside_the_offices_window(service, id_number):
    senior, other = id_number(), id_number()
    for number, name in ((senior, "刘洋"), (other, "陈静")):
        await service.register(number, name, "cd-unit", "jinjiang")
    proofs = [await service.store_evidence("acct-cd-unit", content_type="image/png") for _ in range(2)]
    body = {"activity": {"category": "district_ii", "project_name": "锦江区医学会基层适宜技术培训", "credits": 2,
                         "hours": 12, "year": 2020},
            "people": [{"id_number": senior, "name": "刘洋", "evidence_ids": [proofs[0]]},
                       {"id_number": other, "name": "陈静", "evidence_ids": [proofs[1]]}]}
    assert (await service.client.post("/api/credits/entries/bulk", headers=CD_UNIT, json=body)).json()["accepted"] == 2
    ids = [(await service.credits_of(p))[0].credit_id for p in (senior, other)]
    submit = {"credit_ids": ids}
    before = (await service.client.post("/api/credits/submissions", headers=CD_UNIT, json=submit)).json()["results"]
    assert [r["code"] for r in before] == ["early_review.not_open"] * 2, "no window yet: nothing is reviewed early"

    window = {"opens_on": "2020-09-24", "closes_on": "2020-10-14"}
    path = "/api/credits/early-review-windows/jinjiang/2020"
    assert (await service.client.put(path, headers=ZJ_PROVINCE, json=window)).status_code == 403
    assert (await service.client.put(path, headers=CD_UNIT, json=window)).status_code == 403
    assert (await service.client.put(path, headers=JJ_DISTRICT, json=window)).json()["closes_on"] == "2020-10-14"
    assert (await service.client.get(path, headers=CD_UNIT)).json()["opens_on"] == "2020-09-24"
    elsewhere = await service.client.put("/api/credits/early-review-windows/zhejiang/2020", headers=ZJ_PROVINCE,
                                         json=window)
    assert elsewhere.json()["error"]["code"] == "early_review.not_offered"

    application = {"year": 2020, "unit": "锦江区人民医院", "people": [
        {"name": "刘洋", "id_number": senior, "phone": "13800001111"},
        {"name": "赵磊", "id_number": id_number(), "phone": "13800002222"}]}
    applied = await service.client.post("/api/credits/early-review-applications", headers=CD_UNIT, json=application)
    assert (applied.status_code, applied.json()["listed"], applied.json()["refused"]) == (201, 1, 1)
    assert applied.json()["results"][1]["code"] == "self_entry.not_in_unit"

    submitted = (await service.client.post("/api/credits/submissions", headers=CD_UNIT, json=submit)).json()["results"]
    assert submitted[0]["status"] == "in_review"
    assert submitted[1]["code"] == "submission.early_review_not_eligible" and "副高" in submitted[1]["message"]
    assert (await service.credits_of(other))[0].status == "draft"
