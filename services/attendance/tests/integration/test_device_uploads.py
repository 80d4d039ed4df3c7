"""Scan records from swipe devices and organizers' systems: late, out of order, more than once."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cme_contracts import Envelope, topics
from cme_contracts.events import ScanRecordSubmitted
from cme_platform.auth import Role
from cme_platform.db import outbox
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

DEVICE = auth_header(Role.DEVICE, account_id="device-1")
OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-1")


def record(session_id: str, person: str, direction: str, moment: datetime, device: str = "dev-1") -> dict:
    return {"session_id": session_id, "device_id": device, "nonce": uuid.uuid4().hex, "id_number": person,
            "name": "刷卡学员", "direction": direction, "scanned_at": moment.isoformat()}


async def past_session(make, app, days_ago: int = 2, **kwargs):
    day = datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=days_ago)
    event = make.approval(start=make.at(day, 8), **kwargs)
    await make.add_session(app, event)
    return event, day


async def test_a_batch_uploaded_three_times_produces_each_event_once(make, service):
    app, client = service
    event, day = await past_session(make, app)
    people = [make.id_number(n) for n in (1, 2, 3)]
    records = [record(event.session_id, p, d, make.at(day, h, i)) for i, p in enumerate(people)
               for d, h in (("in", 8), ("out", 16))]
    records.append(record(event.session_id, people[0][:-1] + "0", "in", make.at(day, 8, 30)))  # a misread card
    records.append(record(event.session_id, people[1], "in", make.at(day, 23)))  # after the window closed
    records.append({**record(event.session_id, people[2], "in", make.at(day, 9)), "direction": None})  # unreadable

    replies = [(await client.post("/api/attendance/scan-batches", json={"records": records}, headers=DEVICE)).json()
               for _ in range(3)]
    assert [(r["accepted"], r["duplicate"], r["refused"]) for r in replies] == [(6, 0, 3), (0, 6, 3), (0, 6, 3)]
    assert [r["code"] for r in replies[0]["results"][-3:]] == [
        "id_number.invalid", "scan.outside_window", "scan.malformed_record"]
    assert "direction" in replies[0]["results"][-1]["message"]
    await app.state.runtime.redis.flushdb()  # without Redis' memory, PostgreSQL's key still knows the nonces
    fourth = (await client.post("/api/attendance/scan-batches", json={"records": records}, headers=DEVICE)).json()
    assert (fourth["accepted"], fourth["duplicate"]) == (0, 6)

    checked_in = await make.outbox_events(app, "cme.attendance.CheckedIn.v1", event.session_id)
    checked_out = await make.outbox_events(app, "cme.attendance.CheckedOut.v1", event.session_id)
    assert sorted(e["id_number"] for e in checked_in) == sorted(people)
    assert sorted(e["id_number"] for e in checked_out) == sorted(people)
    log = (await client.get(f"/api/attendance/sessions/{event.session_id}/refused-scans", headers=OWNER)).json()
    assert len(log["refused_scans"]) == 3, "a refused record sent again is kept once"


async def test_a_check_out_listed_before_its_check_in_is_taken_in_time_order(make, service):
    app, client = service
    event, day = await past_session(make, app)
    person = make.id_number(7)
    batch = [record(event.session_id, person, "out", make.at(day, 16, 30)),
             record(event.session_id, person, "in", make.at(day, 8))]
    reply = (await client.post("/api/attendance/scan-batches", json={"records": batch}, headers=DEVICE)).json()
    assert [r["status"] for r in reply["results"]] == ["accepted", "accepted"]

    async with app.state.runtime.sessions() as db:
        types = (await db.execute(select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.created_at))).all()
    order = [t for t, payload in types if Envelope.from_bytes(payload).data.get("session_id") == event.session_id]
    assert order == ["cme.attendance.CheckedIn.v1", "cme.attendance.CheckedOut.v1"]
    listed = (await client.get(f"/api/attendance/sessions/{event.session_id}/attendees", headers=OWNER)).json()
    (attendee,) = listed["attendees"]
    another_owner = auth_header(Role.PROJECT_OWNER, account_id="owner-of-another-project")
    foreign = [record(event.session_id, make.id_number(8), "in", make.at(day, 8))]
    reply = (await client.post("/api/attendance/scan-batches", json={"records": foreign}, headers=another_owner)).json()
    assert reply["results"][0]["code"] == "scan.forbidden_session"
    assert attendee["attended_hours"] == 8.5 and attendee["flags"] == [] and attendee["preselected"] is True


async def test_a_record_refused_for_an_unknown_session_is_accepted_when_sent_again_after_approval(make, service):
    app, client = service
    yesterday = datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1)
    event = make.approval(start=make.at(yesterday, 8))
    early = [record(event.session_id, make.id_number(50), "in", make.at(yesterday, 8))]
    first = (await client.post("/api/attendance/scan-batches", json={"records": early}, headers=DEVICE)).json()
    assert first["results"][0]["code"] == "scan.unknown_session"
    await make.add_session(app, event)
    again = (await client.post("/api/attendance/scan-batches", json={"records": early}, headers=DEVICE)).json()
    assert again["accepted"] == 1


async def test_scans_produced_to_the_ingest_topic_are_recorded_once(make, service):
    app, client = service
    event, day = await past_session(make, app)
    scan = ScanRecordSubmitted(session_id=event.session_id, device_id="meeting-system", nonce="swipe-42",
                               id_number=make.id_number(42), direction="in", scanned_at=make.at(day, 8, 15))
    for _ in range(2):  # the organizer's system retried: two messages, one physical scan
        envelope = Envelope(source="/organizer/meeting-system", type=scan.type_name(), subject=event.session_id,
                            data=scan.model_dump(mode="json"))
        await app.state.runtime.producer.send_and_wait(topics.SCAN_INGEST, envelope.to_bytes(),
                                                       key=event.session_id.encode())

    async def recorded():
        async with app.state.runtime.uow() as uow:
            return await uow.scans.of_session(event.session_id)

    (found,) = await eventually(recorded)
    assert found.id_number == make.id_number(42)
    # The same use case as an HTTP upload: the topic's records are noted in the nonce memory too.
    assert await app.state.runtime.redis.get(f"attendance:nonce:{event.session_id}:meeting-system:swipe-42")
    marker = record(event.session_id, make.id_number(43), "in", make.at(day, 9))
    await client.post("/api/attendance/scans", json=marker, headers=DEVICE)
    assert len(await make.outbox_events(app, "cme.attendance.CheckedIn.v1", event.session_id)) == 2


async def test_each_suspicious_pattern_is_flagged_for_reviewers(make, service):
    app, client = service
    suzhou, day = await past_session(make, app, venue="苏州会场")
    nanjing, _ = await past_session(make, app, venue="南京会场")
    proxy, no_in, short = make.id_number(201), make.id_number(221), make.id_number(231)
    burst = [make.id_number(n) for n in (211, 212, 213, 214)]

    def scan(person, direction, hour, minute=0, second=0, session=suzhou, device="dev-1"):
        return record(session.session_id, person, direction, make.at(day, hour, minute, second), device)

    batch = [scan(proxy, "in", 8), scan(proxy, "out", 16), scan(proxy, "in", 10, session=nanjing, device="dev-nj")]
    batch += [scan(p, "in", 8, 30, i, device="dev-burst") for i, p in enumerate(burst)]  # four cards in 3 s
    batch += [scan(p, "out", 16, 10 + i) for i, p in enumerate(burst)]
    batch += [scan(no_in, "out", 16, 30), scan(short, "in", 8, 45), scan(short, "out", 9, 30)]
    reply = (await client.post("/api/attendance/scan-batches", json={"records": batch}, headers=DEVICE)).json()
    assert reply["accepted"] == len(batch)

    admin = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id=make.unit)
    listed = (await client.get(f"/api/attendance/sessions/{suzhou.session_id}/attendees", headers=admin)).json()
    flags = {a["id_number"]: {f["code"] for f in a["flags"]} for a in listed["attendees"]}
    assert flags[proxy] == {"overlapping_venues"}
    assert all(flags[p] == {"many_ids_one_device"} for p in burst)
    assert flags[no_in] == {"check_out_without_check_in"}
    assert flags[short] == {"short_attendance"}
    preselected = {a["id_number"] for a in listed["attendees"] if a["preselected"]}
    assert preselected == {proxy, *burst}
    elsewhere = (await client.get(f"/api/attendance/sessions/{nanjing.session_id}/attendees", headers=admin)).json()
    assert {f["code"] for f in elsewhere["attendees"][0]["flags"]} == {"overlapping_venues"}


async def test_a_late_execution_report_is_refused_with_the_date_it_was_due(make, service):
    app, client = service
    event, day = await past_session(make, app, days_ago=20)
    person = make.id_number(301)
    batch = [record(event.session_id, person, d, make.at(day, h)) for d, h in (("in", 8), ("out", 16))]
    uploaded = await client.post("/api/attendance/scan-batches", json={"records": batch}, headers=DEVICE)
    assert uploaded.json()["accepted"] == 2
    admin = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id=make.unit)
    response = await client.post(f"/api/attendance/sessions/{event.session_id}/execution-report",
                                 json={"id_numbers": [person]}, headers=admin)
    assert response.status_code == 422
    error = response.json()["error"]
    due = (day + timedelta(days=14)).isoformat()
    assert error["code"] == "execution_report.too_late" and due in error["message"] and error["details"]["due"] == due
    assert await make.outbox_events(app, "cme.attendance.ExecutionReported.v1", event.session_id) == []


async def test_the_execution_report_carries_exactly_the_selected_attendees(make, service):
    app, client = service
    event, day = await past_session(make, app, days_ago=1)
    people = [make.id_number(n) for n in (401, 402, 403)]
    batch = [record(event.session_id, p, d, make.at(day, h, 5 * i)) for i, p in enumerate(people)
             for d, h in (("in", 8), ("out", 15))]
    await client.post("/api/attendance/scan-batches", json={"records": batch}, headers=DEVICE)
    url = f"/api/attendance/sessions/{event.session_id}/execution-report"
    selected = {"id_numbers": [people[0], people[2]]}
    assert (await client.post(url, json=selected, headers=OWNER)).status_code == 403

    admin = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id=make.unit, city_id="320500")
    response = await client.post(url, json=selected, headers=admin)
    assert response.status_code == 201, response.text
    (reported,) = await make.outbox_events(app, "cme.attendance.ExecutionReported.v1", event.session_id)
    assert [(a["id_number"], a["attended_hours"]) for a in reported["attendees"]] == [
        (people[0], 7.0), (people[2], 7.0)]
    assert reported["submitted_by"] == "admin-1" and reported["end_date"] == day.isoformat()
    assert reported["city_id"] == "320500", "the reporting unit's city, whose city office reviews the credits"
    again = await client.post(url, json=selected, headers=admin)
    assert again.status_code == 409 and again.json()["error"]["code"] == "execution_report.already_submitted"

    async def relayed():
        async with app.state.runtime.sessions() as db:
            rows = await db.execute(select(outbox.c.published_at, outbox.c.payload).where(
                outbox.c.event_type == "cme.attendance.ExecutionReported.v1"))
            return [
                at
                for at, payload in rows
                if Envelope.from_bytes(payload).data["report_id"] == reported["report_id"] and at is not None
            ]

    assert await eventually(relayed), "the report leaves through the outbox to the broker"


async def test_a_later_upload_of_an_earlier_swipe_says_it_now_counts_and_a_later_one_says_it_does_not(make, service):
    app, client = service
    event, day = await past_session(make, app)
    person = make.id_number(501)

    async def upload(hour: int, minute: int) -> dict:
        batch = [record(event.session_id, person, "in", make.at(day, hour, minute))]
        return (await client.post("/api/attendance/scan-batches", json={"records": batch}, headers=DEVICE)).json()

    assert (await upload(8, 30))["accepted"] == 1
    earlier = (await upload(8, 5))["results"][0]
    assert (earlier["status"], earlier["code"]) == ("accepted", "scan.earlier_check_in")
    assert "签到时间改按本条（08:05）计算" in earlier["message"]
    later = (await upload(8, 20))["results"][0]
    assert (later["status"], later["code"]) == ("duplicate", "scan.already_checked_in")
    assert "已有更早的签到（08:05）" in later["message"]
    assert later["details"]["counted_at"] == make.at(day, 8, 5).isoformat()

    admin = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id=make.unit)
    listed = (await client.get(f"/api/attendance/sessions/{event.session_id}/attendees", headers=admin)).json()
    (attendee,) = [a for a in listed["attendees"] if a["id_number"] == person]
    assert attendee["days"][0]["checked_in_at"] == make.at(day, 8, 5).isoformat()


async def test_a_record_with_a_field_the_platform_does_not_know_is_refused_not_silently_trimmed(make, service):
    app, client = service
    event, day = await past_session(make, app)
    typo = {**record(event.session_id, make.id_number(9), "in", make.at(day, 8)), "scaned_at": "2026-03-27T08:00:00"}
    reply = (await client.post("/api/attendance/scan-batches", json={"records": [typo]}, headers=DEVICE)).json()
    assert (reply["refused"], reply["results"][0]["code"]) == (1, "scan.malformed_record")
    assert "scaned_at" in reply["results"][0]["message"]
    single = await client.post("/api/attendance/scans", json=typo, headers=DEVICE)
    assert single.status_code == 422, single.text
