"""The venue's day at any hour: the journey that once failed before 03:10 Beijing time, run at
fixed clocks on either side of midnight and of the new year. The swipe reader recorded
arrivals 3 h 10 min before the upload, the session ended a minute ago, and the unit admin
reports it: every attendee's hours count, whatever the calendar date of the arrival."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cme_platform.auth import Role
from cme_platform.testing.tokens import auth_header

CHINA = ZoneInfo("Asia/Shanghai")
CLOCKS = [datetime(2026, 12, 2, 0, 30, tzinfo=CHINA), datetime(2026, 12, 2, 3, 5, tzinfo=CHINA),
          datetime(2026, 12, 2, 12, 0, tzinfo=CHINA), datetime(2026, 12, 2, 23, 59, tzinfo=CHINA),
          datetime(2027, 1, 1, 0, 30, tzinfo=CHINA)]


def swipe(session_id: str, person: str, direction: str, moment: datetime) -> dict:
    return {"session_id": session_id, "device_id": "reader-1", "nonce": uuid.uuid4().hex, "id_number": person,
            "name": "刷卡学员", "direction": direction, "scanned_at": moment.isoformat()}


@pytest.mark.parametrize("now", CLOCKS, ids=[c.strftime("%m%d-%H%M") for c in CLOCKS])
async def test_arrivals_hours_before_the_upload_count_at_any_hour(make, service, now):
    app, client = service
    with time_machine.travel(now, tick=True):
        event = make.approval(start=now - timedelta(hours=3), hours=2 + 59 / 60, required_hours=3)
        await make.add_session(app, event)
        person = make.id_number(900 + CLOCKS.index(now))
        batch = [swipe(event.session_id, person, "in", now - timedelta(hours=3, minutes=10)),
                 swipe(event.session_id, person, "out", now - timedelta(minutes=2))]
        device = auth_header(Role.DEVICE, account_id="device-1")
        uploaded = (await client.post("/api/attendance/scan-batches", json={"records": batch}, headers=device)).json()
        assert uploaded["accepted"] == 2, uploaded

        admin = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id=make.unit)
        response = await client.post(f"/api/attendance/sessions/{event.session_id}/execution-report",
                                     json={"id_numbers": [person]}, headers=admin)
    assert response.status_code == 201, response.text
    (result,) = response.json()["results"]
    assert (result["status"], result["attended_hours"]) == ("reported", 3.13)
    assert result["message"].startswith("已完成规定学时")
