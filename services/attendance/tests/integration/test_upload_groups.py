"""Single-record uploads arriving together are written together, and each still gets its own answer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.service_layer.upload_groups import UploadGroups
from cme_attendance.service_layer.uploads import Uploader
from cme_platform.auth import Principal, Role
from cme_platform.testing.tokens import auth_header

DEVICES = [auth_header(Role.DEVICE, account_id=f"group-device-{n}") for n in range(3)]


def record(session_id: str, person: str, moment: datetime, nonce: str | None = None) -> dict:
    return {"session_id": session_id, "device_id": "dev-1", "nonce": nonce or uuid.uuid4().hex, "id_number": person,
            "name": "刷卡学员", "direction": "in", "scanned_at": moment.isoformat()}


async def session_two_days_ago(make, app):
    day = datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=2)
    event = make.approval(start=make.at(day, 8))
    await make.add_session(app, event)
    return event.session_id, make.at(day, 8, 10)


async def test_uploads_at_the_same_moment_each_get_their_own_outcome(make, service):
    app, client = service
    session_id, moment = await session_two_days_ago(make, app)
    people = [make.id_number(500 + n) for n in range(40)]
    repeated = uuid.uuid4().hex
    records = [record(session_id, person, moment) for person in people]
    twice = make.id_number(550)
    records += [record(session_id, twice, moment, repeated), record(session_id, twice, moment, repeated),
                record(session_id, "11010119800101123", moment), record("no-such-session", people[3], moment)]

    replies = await asyncio.gather(*(
        client.post("/api/attendance/scans", json=body, headers=DEVICES[n % 3]) for n, body in enumerate(records)))

    outcomes = [(reply.status_code, reply.json()["status"], reply.json().get("code")) for reply in replies]
    assert outcomes[:40] == [(200, "accepted", None)] * 40
    assert sorted(o[1] for o in outcomes[40:42]) == ["accepted", "duplicate"], "one nonce is one scan"
    assert outcomes[42][1:] == ("refused", "id_number.invalid")
    assert outcomes[43][1:] == ("refused", "scan.unknown_session")
    assert all(reply.json()["nonce"] == body["nonce"] for reply, body in zip(replies, records, strict=True))
    checked_in = await make.outbox_events(app, "cme.attendance.CheckedIn.v1", session_id)
    assert sorted(e["id_number"] for e in checked_in) == sorted([*people, twice])


class FailingCommit:
    """A unit of work whose commit fails, as when PostgreSQL goes away mid-transaction."""

    def __init__(self, uow):
        self._uow = uow

    async def __aenter__(self):
        await self._uow.__aenter__()
        return self

    async def __aexit__(self, *exc):
        return await self._uow.__aexit__(*exc)

    def __getattr__(self, name):
        return getattr(self._uow, name)

    async def commit(self):
        raise ConnectionError("the server closed the connection")


async def test_a_group_whose_transaction_fails_fails_every_upload_in_it_and_keeps_nothing(make, service):
    app, _ = service
    session_id, moment = await session_two_days_ago(make, app)
    runtime = app.state.runtime
    groups = UploadGroups(lambda: FailingCommit(runtime.uow()), NonceMemory(runtime.redis), largest=100)
    device = Uploader.signed_in(Principal(account_id="group-device-x", role=Role.DEVICE))
    bodies = [record(session_id, make.id_number(600 + n), moment) for n in range(5)]

    results = await asyncio.gather(*(groups.upload(device, body) for body in bodies), return_exceptions=True)

    assert all(isinstance(result, ConnectionError) for result in results)
    assert await make.outbox_events(app, "cme.attendance.CheckedIn.v1", session_id) == []
    async with runtime.uow() as uow:
        assert await uow.scans.of_session(session_id) == []
    assert not await runtime.redis.get(f"attendance:nonce:{session_id}:dev-1:{bodies[0]['nonce']}"), \
        "a nonce is remembered only once its scan is committed"


@pytest.mark.parametrize("largest", [1, 3])
async def test_no_group_is_larger_than_allowed_and_every_upload_is_answered(make, service, largest):
    app, _ = service
    session_id, moment = await session_two_days_ago(make, app)
    runtime = app.state.runtime
    sizes: list[int] = []

    class Counting(UploadGroups):
        async def _write(self, group):
            sizes.append(len(group))
            await super()._write(group)

    groups = Counting(runtime.uow, NonceMemory(runtime.redis), largest=largest)
    device = Uploader.signed_in(Principal(account_id="group-device-y", role=Role.DEVICE))
    bodies = [record(session_id, make.id_number(700 + 10 * largest + n), moment) for n in range(7)]

    results = await asyncio.gather(*(groups.upload(device, body) for body in bodies))

    assert [r["status"] for r in results] == ["accepted"] * 7
    assert sum(sizes) == 7 and max(sizes) <= largest
    assert len(sizes) < 7 or largest == 1, "uploads waiting together are written together"


async def test_one_record_the_database_cannot_hold_fails_only_its_own_upload(make, service):
    app, client = service
    session_id, moment = await session_two_days_ago(make, app)
    bodies = [record(session_id, make.id_number(800 + n), moment) for n in range(6)]
    bodies[2]["device_id"] = "d" * 200  # longer than the scans table's column

    replies = await asyncio.gather(*(client.post("/api/attendance/scans", json=body, headers=DEVICES[0])
                                     for body in bodies))

    assert [r.status_code for n, r in enumerate(replies) if n != 2] == [200] * 5, [r.text for r in replies]
    assert replies[2].status_code != 200
    assert [r.json()["status"] for n, r in enumerate(replies) if n != 2] == ["accepted"] * 5
    checked_in = await make.outbox_events(app, "cme.attendance.CheckedIn.v1", session_id)
    assert sorted(e["id_number"] for e in checked_in) == sorted(b["id_number"] for n, b in enumerate(bodies) if n != 2)
