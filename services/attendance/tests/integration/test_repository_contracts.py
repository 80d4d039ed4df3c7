"""The attendance repositories behave alike in memory (`tests/fakes.py`) and in PostgreSQL (the contract
of the fakes the unit tests use): the same scenarios run against both. The database is shared with the
other integration tests, so each scenario works on sessions of its own."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from cme_attendance.domain.session import Scan
from cme_attendance.domain.suspicion import Presence
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction

DAY = date(2026, 5, 12)
RECEIVED = datetime(2026, 5, 12, 10, tzinfo=UTC)


@pytest.fixture(params=["in memory", "postgresql"])
async def sessions(request, service, fake_sessions):
    """The repository under test; the PostgreSQL one works in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_sessions
        return
    app, _ = service
    async with app.state.runtime.uow() as uow:
        yield uow.sessions


@pytest.fixture(params=["in memory", "postgresql"])
async def uow(request, service, fake_uow):
    """All the repositories under test, the PostgreSQL ones in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_uow
        return
    app, _ = service
    async with app.state.runtime.uow() as real:
        yield real


def scan(session_id: str, person: str, direction: str, at: datetime, *, device: str = "dev-1",
         nonce: str | None = None, status: str = "accepted") -> dict:
    return dict(scan_id=str(uuid.uuid4()), session_id=session_id, id_number=person, name="张三", direction=direction,
                method="id_card", device_id=device, nonce=nonce or uuid.uuid4().hex, day=DAY, status=status,
                scanned_at=at, received_at=RECEIVED)


def refusal(session_id: str | None, nonce: str, received_at: datetime = RECEIVED) -> dict:
    return dict(refusal_id=str(uuid.uuid4()), session_id=session_id, id_number="bad", direction="in",
                method="qr", device_id="dev-1", nonce=nonce, scanned_at=None, received_at=received_at,
                code="scan.outside_window", message="不在签到时间内", details={"window": "08:00"})


async def test_a_stored_session_reads_back_with_its_windows_schedule_and_rules(sessions, make):
    stored = make.session_of(make.approval(start=make.at(DAY, 8), days=2, required_hours=12, refresh_seconds=30))
    await sessions.add(stored)
    assert await sessions.get(stored.session_id) == stored


async def test_a_second_approval_of_the_same_session_changes_nothing(sessions, make):
    first = make.session_of(make.approval(start=make.at(DAY, 8), venue="苏州会场"))
    await sessions.add(first)
    await sessions.add(replace(first, venue="南京会场", required_hours=1))
    assert await sessions.get(first.session_id) == first


async def test_an_unknown_session_is_none(sessions):
    assert await sessions.get("sess-never-approved") is None


async def test_a_batch_reads_the_sessions_it_names_and_leaves_out_unknown_ones(sessions, make):
    one, two, other = (make.session_of(make.approval(start=make.at(DAY, 8))) for _ in range(3))
    for session in (one, two, other):
        await sessions.add(session)
    found = await sessions.get_many([one.session_id, two.session_id, one.session_id, "sess-never-approved"])
    assert found == {one.session_id: one, two.session_id: two}
    assert await sessions.get_many([]) == {}


class TestScans:
    async def test_a_scan_is_one_per_device_and_nonce_and_the_first_per_person_day_and_direction(self, uow, make):
        session, person = f"sess-{uuid.uuid4().hex[:12]}", make.id_number(1)
        first = scan(session, person, "in", make.at(DAY, 8))
        assert await uow.scans.add(first)
        assert not await uow.scans.add(scan(session, person, "out", make.at(DAY, 9), nonce=first["nonce"]))
        later = scan(session, person, "in", make.at(DAY, 9))
        assert not await uow.scans.add(later)
        assert await uow.scans.add(later | {"status": "repeat"})
        assert await uow.scans.nonce_seen(session, "dev-1", first["nonce"])
        assert not await uow.scans.nonce_seen(session, "dev-2", first["nonce"])
        keys = [(session, "dev-1", first["nonce"]), (session, "dev-1", "never-sent")]
        assert await uow.scans.recorded_nonces(keys) == {keys[0]}
        assert await uow.scans.recorded_nonces([]) == set()

    async def test_a_batch_inserts_the_scans_that_hit_no_key(self, uow, make):
        session = f"sess-{uuid.uuid4().hex[:12]}"
        one, two = (scan(session, make.id_number(n), "in", make.at(DAY, 8)) for n in (2, 3))
        clash = scan(session, make.id_number(2), "in", make.at(DAY, 8, 5))
        assert await uow.scans.add_many([one, two, clash]) == {one["scan_id"], two["scan_id"]}
        assert await uow.scans.add_many([]) == set()

    async def test_the_earliest_check_in_and_the_latest_check_out_count(self, uow, make):
        session, person = f"sess-{uuid.uuid4().hex[:12]}", make.id_number(4)
        for hour, direction, status in ((9, "in", "accepted"), (8, "in", "repeat"), (17, "out", "accepted"),
                                        (18, "out", "repeat")):
            await uow.scans.add(scan(session, person, direction, make.at(DAY, hour), status=status))
        assert await uow.scans.counted_time(session, person, DAY, Direction.IN) == make.at(DAY, 8)
        assert await uow.scans.counted_time(session, person, DAY, Direction.OUT) == make.at(DAY, 18)
        assert await uow.scans.has_scan(session, person, DAY, Direction.OUT)
        assert not await uow.scans.has_scan(session, person, DAY + timedelta(days=1), Direction.IN)
        with pytest.raises(LookupError):
            await uow.scans.counted_time(session, make.id_number(5), DAY, Direction.IN)
        assert [(s.direction, s.scanned_at) for s in await uow.scans.of_session(session)][:2] == [
            (Direction.IN, make.at(DAY, 8)), (Direction.IN, make.at(DAY, 9))]

    async def test_a_session_reads_back_its_scans_and_counts_who_is_still_in(self, uow, make):
        session = f"sess-{uuid.uuid4().hex[:12]}"
        stays, leaves, only_out = make.id_number(6), make.id_number(7), make.id_number(8)
        scans = ((stays, "in", 8), (leaves, "in", 8), (leaves, "out", 12), (only_out, "out", 12))
        for person, direction, hour in scans:
            await uow.scans.add(scan(session, person, direction, make.at(DAY, hour)))
        assert await uow.scans.counts(session) == {"checked_in": 2, "checked_out": 2, "present": 1}
        read = await uow.scans.of_session(session)
        assert Scan(stays, Direction.IN, make.at(DAY, 8), ScanMethod.ID_CARD, "dev-1", "张三") in read
        assert [s.scanned_at for s in read] == [make.at(DAY, h) for h in (8, 8, 12, 12)]

    async def test_presence_elsewhere_spans_each_other_sessions_scans_of_a_day(self, uow, make):
        here = make.session_of(make.approval(start=make.at(DAY, 8)))
        there = make.session_of(make.approval(start=make.at(DAY, 8), venue="南京会场"))
        await uow.sessions.add(here)
        await uow.sessions.add(there)
        person = make.id_number(9)
        for session, hour in ((here, 8), (there, 13), (there, 15)):
            await uow.scans.add(scan(session.session_id, person, "in", make.at(DAY, hour), status="repeat"))
        found = await uow.scans.presence_elsewhere(here.session_id, [person, make.id_number(10)], [DAY])
        assert found == {person: [Presence(there.session_id, "南京会场", make.at(DAY, 13), make.at(DAY, 15))]}
        assert await uow.scans.presence_elsewhere(here.session_id, [person], [DAY + timedelta(days=1)]) == {}


class TestRefusals:
    async def test_a_refusal_is_logged_once_per_device_and_nonce_newest_first(self, uow):
        session = f"sess-{uuid.uuid4().hex[:12]}"
        first, second = refusal(session, "n-1"), refusal(session, "n-2", RECEIVED + timedelta(minutes=1))
        assert await uow.refusals.add(first) and await uow.refusals.add(second)
        assert not await uow.refusals.add(refusal(session, "n-1"))
        assert await uow.refusals.count(session) == 2
        assert [r["refusal_id"] for r in await uow.refusals.of_session(session)] == [second["refusal_id"],
                                                                                    first["refusal_id"]]
        assert (await uow.refusals.of_session(session))[0]["details"] == {"window": "08:00"}

    async def test_a_refusal_without_a_session_is_logged_every_time(self, uow):
        nonce = uuid.uuid4().hex
        assert await uow.refusals.add(refusal(None, nonce))
        assert await uow.refusals.add(refusal(None, nonce))


class TestRegistrationsAndReports:
    async def test_a_person_registers_once_per_session_is_found_by_phone_and_answers_once(self, uow, make):
        session, person = f"sess-{uuid.uuid4().hex[:12]}", make.id_number(11)
        form = dict(session_id=session, id_number=person, name="张三", sex="男", age=40, phone="13800000000",
                    unit="苏州市立医院", department="心内科", unit_location="江苏省苏州市", grassroots=False,
                    title="主治医师", registered_at=RECEIVED)
        assert await uow.registrations.add(form)
        assert not await uow.registrations.add(form | {"name": "李四"})
        stored = form | {"position": None, "education": None}
        assert await uow.registrations.of_session(session) == {person: stored}
        assert await uow.registrations.by_phone(session, "13800000000") == [stored]
        assert await uow.registrations.by_phone(session, "13900000000") == []
        await uow.registrations.save_answers(session, person, {"q1": "满意"}, RECEIVED)
        await uow.registrations.save_answers(session, person, {"q1": "不满意"}, RECEIVED)  # harmless: the first stays

    async def test_a_session_has_at_most_its_one_submitted_report(self, uow):
        session = f"sess-{uuid.uuid4().hex[:12]}"
        assert not await uow.reports.exists(session)
        assert await uow.reports.get(session) is None
        report = dict(report_id=str(uuid.uuid4()), session_id=session, submitted_by="admin-1", submitted_at=RECEIVED,
                      attendees=[{"id_number": "x", "hours": 6.0}])
        await uow.reports.add(report)
        assert await uow.reports.exists(session)
        assert await uow.reports.get(session) == report
