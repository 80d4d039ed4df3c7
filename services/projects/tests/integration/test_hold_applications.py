"""The hold-application workflow end to end against real PostgreSQL and the broker: evidence
arrives as events, each role acts within its scope, and approval publishes the session."""

import uuid
from datetime import date, datetime, timedelta

from cme_contracts.events import HoldApplicationApproved, HoldApplicationReturned, HoldApplicationSubmitted
from cme_platform.auth import Role
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-1", unit_id="unit-1")
OTHER_OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-2", unit_id="unit-2")
UNIT_ADMIN = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id="unit-1")
OTHER_UNIT_ADMIN = auth_header(Role.UNIT_ADMIN, account_id="admin-2", unit_id="unit-2")
JIANGSU_OFFICE = auth_header(Role.PROVINCIAL_OFFICE, account_id="office-js", jurisdiction="jiangsu")
SICHUAN_OFFICE = auth_header(Role.PROVINCIAL_OFFICE, account_id="office-sc", jurisdiction="sichuan")
LEARNER = auth_header(Role.LEARNER, account_id="learner-1")


def plan(first_day: date, notice: str, schedule: str, **overrides) -> dict:
    days = [{"day": str(first_day), "starts": "08:30", "ends": "12:00"},
            {"day": str(first_day + timedelta(days=1)), "starts": "08:00", "ends": "17:00"}]
    return {"venue": "苏州", "days": days, "expected_attendance": 150,
            "attachments": {"meeting_notice": notice, "schedule": schedule}} | overrides


async def stored_files(service, owner_id: str) -> tuple[str, str]:
    """A notice and a schedule the evidence service stored, known to the projects service."""
    notice, schedule = f"ev-{uuid.uuid4().hex[:12]}", f"ev-{uuid.uuid4().hex[:12]}"
    await service.evidence_stored(notice, owner_id, "meeting_notice")
    await service.evidence_stored(schedule, owner_id, "schedule")

    async def known() -> bool:
        async with service.runtime.uow() as uow:
            return len(await uow.evidence.stored_files([notice, schedule])) == 2

    await eventually(known)
    return notice, schedule


async def test_submitted_confirmed_returned_resubmitted_approved_with_each_role_in_its_place(service):
    api = service.client
    project = (await api.post("/api/projects", headers=OWNER, json={
        "number": "2026-14-02-049 (国)", "name": "外科护理新进展", "credit_class": "I", "credits": 10,
        "jurisdiction": "jiangsu"})).json()
    first_day = date.today() + timedelta(days=30)
    notice, schedule = f"ev-{uuid.uuid4().hex[:12]}", f"ev-{uuid.uuid4().hex[:12]}"
    drafted = await api.post(f"/api/projects/{project['id']}/hold-applications", headers=OWNER,
                             json=plan(first_day, notice, schedule))
    assert drafted.status_code == 201, drafted.text
    url = f"/api/projects/hold-applications/{drafted.json()['id']}"
    assert (await api.post(f"/api/projects/{project['id']}/hold-applications", headers=OTHER_OWNER,
                           json=plan(first_day, notice, schedule))).status_code == 403

    early = await api.post(f"{url}/submit", headers=OWNER)
    assert early.json()["error"]["code"] == "hold_application.attachment_not_stored"
    await service.evidence_stored(notice, "owner-1", "meeting_notice")
    await service.evidence_stored(schedule, "owner-1", "schedule")
    submitted = await eventually(lambda: _succeeds(api.post(f"{url}/submit", headers=OWNER)))
    assert submitted.json()["status"] == "submitted"

    assert (await api.get(url, headers=OTHER_OWNER)).status_code == 403
    assert (await api.post(f"{url}/confirm", headers=OTHER_UNIT_ADMIN)).status_code == 403
    assert (await api.post(f"{url}/confirm", headers=OWNER)).status_code == 403
    assert (await api.post(f"{url}/approve", headers=JIANGSU_OFFICE)).status_code == 409, "not yet confirmed"
    assert (await api.post(f"{url}/confirm", headers=UNIT_ADMIN)).json()["status"] == "confirmed"

    assert (await api.post(f"{url}/approve", headers=SICHUAN_OFFICE)).status_code == 403
    assert (await api.post(f"{url}/approve", headers=UNIT_ADMIN)).status_code == 403
    assert (await api.post(f"{url}/return", headers=JIANGSU_OFFICE, json={"reason": ""})).status_code == 422
    returned = await api.post(f"{url}/return", headers=JIANGSU_OFFICE, json={"reason": "会议通知缺少红章"})
    assert (returned.json()["status"], returned.json()["return_reason"]) == ("returned", "会议通知缺少红章")

    revised = await api.put(url, headers=OWNER, json=plan(first_day, notice, schedule, venue="苏州国际会议中心"))
    assert revised.status_code == 200
    assert (await api.post(f"{url}/submit", headers=OWNER)).json()["status"] == "submitted"
    await api.post(f"{url}/confirm", headers=UNIT_ADMIN)
    approved = await api.post(f"{url}/approve", headers=JIANGSU_OFFICE)
    assert approved.status_code == 200 and approved.json()["session_id"]
    assert (await api.put(url, headers=OWNER, json=plan(first_day, notice, schedule))).status_code == 409

    history = (await api.get(url, headers=UNIT_ADMIN)).json()["steps"]
    assert [(s["action"], s["actor_id"]) for s in history] == [
        ("drafted", "owner-1"), ("submitted", "owner-1"), ("confirmed", "admin-1"), ("returned", "office-js"),
        ("revised", "owner-1"), ("resubmitted", "owner-1"), ("confirmed", "admin-1"), ("approved", "office-js")]
    assert all(s["at"] for s in history)

    [event] = await service.events(HoldApplicationApproved)
    starts = datetime.fromisoformat(event["schedule"][0]["starts_at"])
    assert (starts.date(), starts.hour, starts.minute, starts.utcoffset()) == (first_day, 8, 30, timedelta(hours=8))
    assert datetime.fromisoformat(event["check_in_window"]["opens_at"]) == starts - timedelta(hours=1)
    assert datetime.fromisoformat(event["check_out_window"]["closes_at"]) == datetime.fromisoformat(
        event["schedule"][1]["ends_at"]) + timedelta(hours=1)
    assert (event["venue"], event["required_hours"], event["qr_refresh_seconds"]) == ("苏州国际会议中心", 12.5, 86400)
    assert (event["project_number"], event["credits"], event["expected_attendance"]) == ("2026-14-02-049 (国)", 10, 150)
    assert (event["owner_id"], event["unit_id"], event["session_id"]) == (
        "owner-1", "unit-1", approved.json()["session_id"])
    assert [e["resubmission"] for e in await service.events(HoldApplicationSubmitted)] == [False, True]
    named = sorted([notice, schedule])
    assert [e["evidence_ids"] for e in await service.events(HoldApplicationSubmitted)] == [named, named]
    assert event["evidence_ids"] == named, "the evidence service keeps the files the approval relies on"
    assert [e["reason"] for e in await service.events(HoldApplicationReturned)] == ["会议通知缺少红章"]

    for headers, expected in ((OWNER, 1), (OTHER_OWNER, 0), (UNIT_ADMIN, 1), (OTHER_UNIT_ADMIN, 0),
                              (JIANGSU_OFFICE, 1), (SICHUAN_OFFICE, 0)):
        listed = (await api.get("/api/projects/hold-applications", params={"status": "approved"},
                                headers=headers)).json()
        assert listed["total"] == expected, headers
        assert [a["session_id"] for a in listed["items"]] == [approved.json()["session_id"]] * expected
    assert (await api.get("/api/projects/hold-applications", headers=LEARNER)).status_code == 403
    assert (await api.get("/api/projects/hold-applications")).status_code == 401
    assert await eventually(lambda: _nothing_unsent(service)), "every event leaves through the relay"


async def test_sichuan_refuses_a_submission_later_than_two_weeks_before_and_needs_no_unit_confirmation(service):
    api = service.client
    project = (await api.post("/api/projects", headers=SICHUAN_OFFICE, json={
        "number": "2026510301016 (省)", "name": "心血管病诊治进展", "credit_class": "I", "credits": 5,
        "owner_id": "owner-1", "unit_id": "unit-1"})).json()
    notice, schedule = await stored_files(service, "owner-1")
    late_day = date.today() + timedelta(days=7)
    drafted = (await api.post(f"/api/projects/{project['id']}/hold-applications", headers=OWNER,
                              json=plan(late_day, notice, schedule))).json()
    url = f"/api/projects/hold-applications/{drafted['id']}"

    late = (await api.post(f"{url}/submit", headers=OWNER)).json()["error"]
    due = late_day - timedelta(days=14)
    assert late["code"] == "hold_application.too_late" and f"{due} 08:30" in late["message"]
    assert late["details"]["due"].startswith(str(due))
    assert (await api.get(url, headers=OWNER)).json()["status"] == "draft", "a refused submission changes nothing"

    await api.put(url, headers=OWNER, json=plan(date.today() + timedelta(days=20), notice, schedule))
    assert (await api.post(f"{url}/submit", headers=OWNER)).status_code == 200
    confirm = await api.post(f"{url}/confirm", headers=UNIT_ADMIN)
    assert confirm.json()["error"]["code"] == "hold_application.no_confirmation_step"
    assert (await api.post(f"{url}/approve", headers=SICHUAN_OFFICE)).json()["status"] == "approved"


async def _succeeds(request):
    response = await request
    return response if response.status_code == 200 else None


async def _nothing_unsent(service) -> bool:
    return await service.unsent() == 0
