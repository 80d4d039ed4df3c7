"""Recording scans on in-memory repositories: each real scan becomes one CheckedIn/CheckedOut or a kept
refusal, a re-sent one is a duplicate, and a repeat says whether it now counts."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from cme_attendance.service_layer.scanning import record_scan
from cme_contracts.events import CheckedIn, ScanRecordSubmitted
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction

DAY = date(2026, 5, 12)


@pytest.fixture
async def session(fake_uow, make):
    """A one-day Jiangsu session from 08:00 to 16:00 China time, known to the fakes."""
    opened = make.session_of(make.approval(start=make.at(DAY, 8)))
    await fake_uow.sessions.add(opened)
    return opened


def record(session_id: str, id_number: str, at, *, nonce: str | None = None,
           direction: Direction = Direction.IN) -> ScanRecordSubmitted:
    return ScanRecordSubmitted(session_id=session_id, device_id="dev-1", nonce=nonce or uuid.uuid4().hex,
                               id_number=id_number, name="张三", direction=direction, scanned_at=at)


async def scanned(uow, scan: ScanRecordSubmitted, now):
    async with uow:
        outcome = await record_scan(uow, scan, ScanMethod.ID_CARD, now)
        await uow.commit()
    return outcome


class TestRecordingScans:
    async def test_a_first_check_in_is_announced_and_the_same_upload_again_is_a_duplicate(self, fake_uow, session,
                                                                                          make):
        person, now = make.id_number(1), make.at(DAY, 9)
        first = record(session.session_id, person, make.at(DAY, 8, 30))
        assert (await scanned(fake_uow, first, now)).status == "accepted"
        again = await scanned(fake_uow, first, now)
        assert (again.status, again.code) == ("duplicate", "scan.duplicate_upload")
        assert [e["id_number"] for e in fake_uow.events(CheckedIn)] == [person]

    async def test_a_later_check_in_is_kept_but_an_earlier_one_now_counts(self, fake_uow, session, make):
        person, now = make.id_number(2), make.at(DAY, 10)
        await scanned(fake_uow, record(session.session_id, person, make.at(DAY, 8, 30)), now)
        later = await scanned(fake_uow, record(session.session_id, person, make.at(DAY, 9)), now)
        assert (later.status, later.code) == ("duplicate", "scan.already_checked_in")
        earlier = await scanned(fake_uow, record(session.session_id, person, make.at(DAY, 8)), now)
        assert (earlier.status, earlier.code) == ("accepted", "scan.earlier_check_in")
        assert "08:00" in earlier.message
        assert len(await fake_uow.scans.of_session(session.session_id)) == 3
        assert len(fake_uow.events(CheckedIn)) == 1  # only the first scan of the day is announced

    async def test_a_refused_scan_is_logged_and_audited_once_however_often_it_is_sent(self, fake_uow, session,
                                                                                      make):
        late = record(session.session_id, make.id_number(3), make.at(DAY, 8) + timedelta(days=3), nonce="n-late")
        for _ in range(2):
            outcome = await scanned(fake_uow, late, make.at(DAY, 8) + timedelta(days=3))
            assert outcome.status == "refused"
        assert await fake_uow.refusals.count(session.session_id) == 1
        assert [a["action"] for a in fake_uow.audited] == ["scan.refused"]
        assert fake_uow.events(CheckedIn) == []
