"""Credits from execution reports: pending per attendee, reviewed level by level, granted once."""

from __future__ import annotations

from cme_contracts.events import CreditApproved, CreditRejected, CreditRevoked, LeftOutAttendee, ReportedAttendee
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

UNIT = auth_header("unit_admin", account_id="acct-unit", unit_id="unit-1", jurisdiction="zhejiang")
CITY = auth_header("city_office", account_id="acct-city", city_id="hz", jurisdiction="zhejiang")
PROVINCE = auth_header("provincial_office", account_id="acct-zj", jurisdiction="zhejiang")


def attendee(id_number: str, hours: float, speaker_hours: float = 0, flags: tuple[str, ...] = ()) -> ReportedAttendee:
    return ReportedAttendee(id_number=id_number, name="张伟", unit="浙江省人民医院", attended_hours=hours,
                            speaker_hours=speaker_hours, flags=list(flags))


async def review(service, headers, credit_ids, decision="approve", reason=None) -> list[dict]:
    response = await service.client.post("/api/credits/reviews", headers=headers,
                                         json={"credit_ids": credit_ids, "decision": decision, "reason": reason})
    results = response.json()["results"]
    assert response.status_code == (207 if any(not r["ok"] for r in results) else 200), response.text
    return results


async def test_a_report_delivered_twice_and_replayed_under_a_new_id_grants_each_attendee_once(
        service, execution_report, id_number):
    person = id_number()
    report = execution_report(jurisdiction="zhejiang", attendees=[attendee(person, 12)])
    event_id = await service.send(report)
    await service.send(report, event_id=event_id)  # the broker redelivers the same message
    await service.send(report)  # the report is processed again under a new event id
    follow_up = id_number()
    # The same session keeps the same partition, so once this one is handled, so are those before it.
    await service.send(
        report.model_copy(update={"report_id": f"{report.report_id}-2", "attendees": [attendee(follow_up, 12)]})
    )
    await eventually(lambda: service.credits_of(follow_up))
    rows = await service.credits_of(person)
    assert len(rows) == 1
    assert (rows[0].credits, rows[0].status, rows[0].credit_class) == (4, "in_review", "I")
    assert rows[0].unit_id == "unit-1" and rows[0].unit == "浙江省人民医院"


async def test_partial_attendance_earns_partial_credit_where_allowed_and_none_where_not(
        service, execution_report, id_number):
    zhejiang_person, jiangsu_person, full = id_number(), id_number(), id_number()
    await service.send(execution_report(jurisdiction="zhejiang", attendees=[attendee(zhejiang_person, 6)]))
    await service.send(execution_report(jurisdiction="jiangsu", attendees=[attendee(jiangsu_person, 6),
                                                                         attendee(full, 12, speaker_hours=1)]))
    partial = await eventually(lambda: service.credits_of(zhejiang_person))
    assert partial[0].credits == 2  # 6 hours of a national session: 3 hours = 1 credit
    granted = await eventually(lambda: service.credits_of(full))
    assert granted[0].credits == 6  # 4 for attending in full, 2 for one hour taught
    not_granted = await service.credits_of(jiangsu_person)
    assert [(r.credits, r.status) for r in not_granted] == [(0, "rejected")]
    assert "未达到规定学时" in not_granted[0].last_reason


async def test_people_left_out_of_a_report_see_why_they_earned_nothing(service, execution_report, id_number):
    person, left = id_number(), id_number()
    report = execution_report(jurisdiction="jiangsu", attendees=[attendee(person, 12)])
    report = report.model_copy(update={"left_out": [LeftOutAttendee(
        id_number=left, name="李四", attended_hours=0, code="execution_report.no_check_out",
        reason="没有签退记录（签到、签退缺一不可），不能获得学分")]})
    await service.send(report)
    await service.send(report)  # replayed under a new event id: still one row
    rows = await eventually(lambda: service.credits_of(left))
    assert [(r.credits, r.status, r.name) for r in rows] == [(0, "rejected", "李四")]
    assert rows[0].last_reason.startswith("没有签退记录")
    learner = auth_header("learner", account_id="acct-left", id_number=left, jurisdiction="jiangsu")
    mine = (await service.client.get("/api/credits", headers=learner)).json()
    assert any((c.get("last_reason") or "").startswith("没有签退记录") for c in mine["credits"]), mine


async def test_a_chain_of_three_levels_rejected_at_the_second_stops_there_and_says_why(
        service, execution_report, id_number):
    person = id_number()
    flagged = attendee(person, 12, flags=("same_device_burst",))  # 代刷卡嫌疑 seen by attendance
    await service.send(execution_report(jurisdiction="zhejiang", attendees=[flagged]))
    credit_id = (await eventually(lambda: service.credits_of(person)))[0].credit_id
    queue = (await service.client.get("/api/credits/queue", headers=UNIT)).json()["credits"]
    assert next(c for c in queue if c["credit_id"] == credit_id)["attendance_flags"] == ["same_device_burst"]

    too_early = await review(service, PROVINCE, [credit_id])
    assert too_early[0]["code"] == "review.not_your_turn"
    assert (await review(service, UNIT, [credit_id]))[0]["status"] == "in_review"
    rejected = await review(service, CITY, [credit_id], "reject", "签到记录与学分证不符")
    assert rejected[0]["status"] == "rejected"
    assert (await review(service, PROVINCE, [credit_id]))[0]["code"] == "review.not_in_review"

    events = await service.published(CreditRejected, credit_id=credit_id)
    assert [(e["review_level"], e["reason"]) for e in events] == [("city", "签到记录与学分证不符")]
    assert await service.published(CreditApproved, credit_id=credit_id) == []
    detail = (await service.client.get(f"/api/credits/{credit_id}", headers=PROVINCE)).json()
    assert [(h["action"], h["level"]) for h in detail["history"]] == [
        ("reported", None), ("approved", "unit"), ("rejected", "city")]
    assert detail["id_number"].count("*") == 10


async def test_bulk_approval_through_every_level_publishes_what_certificates_need(
        service, execution_report, id_number):
    people = [id_number(), id_number()]
    await service.send(execution_report(jurisdiction="zhejiang", attendees=[attendee(p, 12) for p in people]))
    ids = [(await eventually(lambda p=p: service.credits_of(p)))[0].credit_id for p in people]

    queue = (await service.client.get("/api/credits/queue", headers=UNIT)).json()["credits"]
    assert set(ids) <= {c["credit_id"] for c in queue}
    for headers in (UNIT, CITY, PROVINCE):
        assert all(r["ok"] for r in await review(service, headers, ids))

    approved = await service.published(CreditApproved, credit_id=ids[0])
    assert len(approved) == 1
    event = approved[0]
    assert (event["project_number"], event["credits"], event["year"]) == ("2024-03-05-129（国）", 4, 2024)
    assert event["issuing_office"] == "浙江省继续医学教育委员会办公室"
    assert event["id_number"] == people[0] and event["name"] == "张伟" and event["hours"] == 12

    response = await service.client.post(f"/api/credits/{ids[0]}/revocation", headers=PROVINCE,
                                         json={"reason": "抽查发现代签到"})
    assert response.status_code == 200, response.text
    assert len(await service.published(CreditRevoked, credit_id=ids[0])) == 1
    again = await service.client.post(f"/api/credits/{ids[0]}/revocation", headers=PROVINCE, json={"reason": "重复"})
    assert again.json()["error"]["code"] == "revoke.not_approved"


async def test_reviewers_see_and_act_only_within_their_scope(service, execution_report, id_number):
    person = id_number()
    await service.send(execution_report(jurisdiction="zhejiang", unit_id="unit-2", attendees=[attendee(person, 12)]))
    credit_id = (await eventually(lambda: service.credits_of(person)))[0].credit_id
    assert credit_id not in {c["credit_id"] for c in (await service.client.get(
        "/api/credits/queue", headers=UNIT)).json()["credits"]}
    assert (await review(service, UNIT, [credit_id]))[0]["code"] == "credit.not_found"
    learner = auth_header("learner", account_id="acct-l", id_number=person)
    refused = await service.client.post("/api/credits/reviews", headers=learner,
                                        json={"credit_ids": [credit_id], "decision": "approve"})
    assert refused.status_code == 403
    mine = (await service.client.get("/api/credits", headers=learner)).json()["credits"]
    assert [c["credit_id"] for c in mine] == [credit_id]
