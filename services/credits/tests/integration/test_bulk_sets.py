"""A large session's report and its bulk approval, handled as sets: nothing lost, nothing
granted twice, and each refused item named in its place."""

from __future__ import annotations

from sqlalchemy import func, select

from cme_contracts.events import CreditApproved, ReportedAttendee
from cme_credits.adapters.tables import credit, credit_review
from cme_credits.domain.identity import with_check_digit
from cme_credits.service_layer import sessions
from cme_platform.testing.tokens import auth_header

PROVINCE = auth_header("provincial_office", account_id="acct-sc", jurisdiction="sichuan")


def people(count: int, prefix: str) -> list[ReportedAttendee]:
    return [ReportedAttendee(id_number=with_check_digit(f"{prefix}{n:07d}"), name="张伟", unit="四川省人民医院",
                             attended_hours=12) for n in range(count)]


async def handle_twice(service, report) -> None:
    runtime = service.app.state.runtime
    for _ in range(2):  # the second time is a replay under a new event id: the origin keys refuse it
        async with runtime.uow() as uow:
            await sessions.on_execution_reported(report, uow)
            await uow.commit()


async def session_credits(service, report) -> list:
    async with service.app.state.runtime.sessions() as session:
        return (await session.execute(select(credit).where(
            credit.c.origin_key.like(f"report:{report.report_id}:%")).order_by(credit.c.id_number))).all()


async def test_a_report_of_more_than_one_insert_chunk_creates_every_credit_once(service, execution_report):
    report = execution_report(jurisdiction="sichuan", attendees=people(2500, "5101041980"), city_id="cd")
    await handle_twice(service, report)
    rows = await session_credits(service, report)
    assert len(rows) == 2500 and len({r.id_number for r in rows}) == 2500
    assert {(r.status, r.credits) for r in rows} == {("in_review", 4)}
    async with service.app.state.runtime.sessions() as session:
        lines = await session.scalar(select(func.count()).select_from(credit_review).where(
            credit_review.c.credit_id.in_([r.credit_id for r in rows])))
    assert lines == 2500  # one "reported" line each, not two


async def test_a_bulk_approval_approves_the_rest_and_names_each_refusal_in_its_place(service, execution_report):
    report = execution_report(jurisdiction="sichuan", attendees=people(30, "5101041981"), city_id="cd")
    await handle_twice(service, report)
    ids = [r.credit_id for r in await session_credits(service, report)]
    first = await service.client.post("/api/credits/reviews", headers=PROVINCE,
                                      json={"credit_ids": ids[:1], "decision": "approve"})
    assert first.json()["results"][0]["status"] == "approved"
    elsewhere = execution_report(jurisdiction="zhejiang", attendees=people(1, "3301041982"))
    await handle_twice(service, elsewhere)
    (foreign,) = [r.credit_id for r in await session_credits(service, elsewhere)]

    asked = [ids[1], foreign, ids[0], *ids[2:], ids[2]]
    reply = await service.client.post("/api/credits/reviews", headers=PROVINCE,
                                      json={"credit_ids": asked, "decision": "approve"})
    assert reply.status_code == 207  # some refused: the status says so, the counts say how many
    assert (reply.json()["accepted"], reply.json()["refused"]) == (29, 3)
    results = reply.json()["results"]
    assert [r["credit_id"] for r in results] == asked
    assert (results[1]["ok"], results[1]["code"]) == (False, "credit.not_found")  # another province's
    assert results[2]["ok"] is False  # approved already
    assert results[-1]["ok"] is False  # named twice: the second sees it approved
    assert all(r["ok"] and r["status"] == "approved" for r in [results[0], *results[3:-1]])
    for credit_id in ids:
        assert len(await service.published(CreditApproved, credit_id=credit_id)) == 1
    assert await service.published(CreditApproved, credit_id=foreign) == []
    assert [r.status for r in await session_credits(service, elsewhere)] == ["in_review"]  # untouched
