"""In memory, what the attendance service's repositories keep in PostgreSQL (`adapters/`).

`integration/test_repository_contracts.py` runs the same scenarios against these and the real
repositories, so a unit test that trusts them trusts the database. Rows go in and come out as the
adapters' dicts of the tables' columns (a column not given reads back as None), and each fake keeps
its table's keys, as the adapters' `ON CONFLICT DO NOTHING` answers them. Deliberately not kept: the
order of the failed-scan log among refusals received at the same moment (PostgreSQL leaves it to chance).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from cme_attendance.adapters.tables import questionnaire_answers, refused_scans, registrations, scans
from cme_attendance.domain.session import AttendanceSession, Scan
from cme_attendance.domain.suspicion import Presence
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction


def _full(table, row: dict) -> dict:
    return {column.name: None for column in table.columns} | row


class FakeSessionRepository:
    """The sessions opened from approvals, by session id; a second approval changes nothing."""

    def __init__(self):
        self.sessions: dict[str, AttendanceSession] = {}

    async def add(self, attendance_session: AttendanceSession) -> None:
        self.sessions.setdefault(attendance_session.session_id, attendance_session)

    async def get(self, session_id: str) -> AttendanceSession | None:
        return self.sessions.get(session_id)

    async def get_many(self, session_ids: Iterable[str]) -> dict[str, AttendanceSession]:
        return {i: self.sessions[i] for i in set(session_ids) if i in self.sessions}


class FakeScanRepository:
    """Accepted scans and kept repeats: one per device and nonce, one accepted per person, day and direction.

    The other sessions' venues come from the sessions fake, as the adapter joins the sessions table.
    """

    def __init__(self, sessions: FakeSessionRepository):
        self.sessions = sessions
        self.rows: list[dict] = []

    async def add(self, row: dict) -> bool:
        row = _full(scans, row)
        if any(self._collides(kept, row) for kept in self.rows):
            return False
        self.rows.append(row)
        return True

    @staticmethod
    def _collides(kept: dict, row: dict) -> bool:
        nonce = ("session_id", "device_id", "nonce")
        first = ("session_id", "id_number", "day", "direction")
        return (kept["scan_id"] == row["scan_id"] or all(kept[k] == row[k] for k in nonce)
                or (kept["status"] == row["status"] == "accepted" and all(kept[k] == row[k] for k in first)))

    async def add_many(self, rows: list[dict]) -> set[str]:
        return {row["scan_id"] for row in rows if await self.add(row)}

    async def nonce_seen(self, session_id: str, device_id: str, nonce: str) -> bool:
        return (session_id, device_id, nonce) in await self.recorded_nonces([(session_id, device_id, nonce)])

    async def recorded_nonces(self, keys: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        recorded = {(r["session_id"], r["device_id"], r["nonce"]) for r in self.rows}
        return recorded & set(keys)

    def _of(self, session_id: str, id_number: str, day: date, direction: Direction) -> list[datetime]:
        return [r["scanned_at"] for r in self.rows if (r["session_id"], r["id_number"], r["day"], r["direction"])
                == (session_id, id_number, day, direction.value)]

    async def has_scan(self, session_id: str, id_number: str, day: date, direction: Direction) -> bool:
        return bool(self._of(session_id, id_number, day, direction))

    async def counted_time(self, session_id: str, id_number: str, day: date, direction: Direction) -> datetime:
        times = self._of(session_id, id_number, day, direction)
        if not times:
            raise LookupError(f"no {direction.value} scan of the person on {day} at session {session_id}")
        return min(times) if direction is Direction.IN else max(times)

    async def of_session(self, session_id: str) -> list[Scan]:
        found = sorted((r for r in self.rows if r["session_id"] == session_id), key=lambda r: r["scanned_at"])
        return [Scan(r["id_number"], Direction(r["direction"]), r["scanned_at"], ScanMethod(r["method"]),
                     r["device_id"], r["name"]) for r in found]

    async def presence_elsewhere(self, session_id: str, id_numbers: Iterable[str],
                                 days: Iterable[date]) -> dict[str, list[Presence]]:
        people, wanted_days = set(id_numbers), set(days)
        spans: dict[tuple[str, str, date], list[datetime]] = {}
        for r in self.rows:
            if (r["session_id"] != session_id and r["id_number"] in people and r["day"] in wanted_days
                    and r["session_id"] in self.sessions.sessions):
                spans.setdefault((r["id_number"], r["session_id"], r["day"]), []).append(r["scanned_at"])
        found: dict[str, list[Presence]] = {}
        for (person, other, _), times in spans.items():
            venue = self.sessions.sessions[other].venue
            found.setdefault(person, []).append(Presence(other, venue, min(times), max(times)))
        return found

    async def counts(self, session_id: str) -> dict[str, int]:
        def people(direction: str) -> set[str]:
            return {r["id_number"] for r in self.rows if r["session_id"] == session_id and r["direction"] == direction}

        checked_in, checked_out = people("in"), people("out")
        return {"checked_in": len(checked_in), "checked_out": len(checked_out),
                "present": len(checked_in - checked_out)}


class FakeRefusalRepository:
    """The failed-scan log: once per session, device and nonce (a log row without a session is never a repeat,
    as PostgreSQL's unique key treats NULLs as distinct)."""

    def __init__(self):
        self.rows: list[dict] = []

    async def add(self, row: dict) -> bool:
        row = _full(refused_scans, row)
        key = ("session_id", "device_id", "nonce")
        if any(r["refusal_id"] == row["refusal_id"] or (row["session_id"] is not None
                                                         and all(r[k] == row[k] for k in key)) for r in self.rows):
            return False
        self.rows.append(row)
        return True

    async def count(self, session_id: str) -> int:
        return len([r for r in self.rows if r["session_id"] == session_id])

    async def of_session(self, session_id: str) -> list[dict]:
        found = [r for r in self.rows if r["session_id"] == session_id]
        return sorted(found, key=lambda r: r["received_at"], reverse=True)


class FakeRegistrationRepository:
    """Registration forms and questionnaire answers, one of each per session and person (the first stays)."""

    def __init__(self):
        self.forms: dict[tuple[str, str], dict] = {}
        self.answers: dict[tuple[str, str], dict] = {}

    async def add(self, row: dict) -> bool:
        key = (row["session_id"], row["id_number"])
        if key in self.forms:
            return False
        self.forms[key] = _full(registrations, row)
        return True

    async def by_phone(self, session_id: str, phone: str) -> list[dict]:
        return [f for (session, _), f in self.forms.items() if session == session_id and f["phone"] == phone]

    async def of_session(self, session_id: str) -> dict[str, dict]:
        return {person: f for (session, person), f in self.forms.items() if session == session_id}

    async def save_answers(self, session_id: str, id_number: str, answers: dict, at: datetime) -> None:
        self.answers.setdefault((session_id, id_number), _full(questionnaire_answers, {
            "session_id": session_id, "id_number": id_number, "answers": answers, "submitted_at": at}))


class FakeReportRepository:
    """Submitted execution reports, at most one per session."""

    def __init__(self):
        self.reports: dict[str, dict] = {}  # by session id

    async def exists(self, session_id: str) -> bool:
        return session_id in self.reports

    async def add(self, row: dict) -> None:
        if row["session_id"] in self.reports:
            raise ValueError(f"session {row['session_id']} already has an execution report")  # the unique key
        self.reports[row["session_id"]] = dict(row)

    async def get(self, session_id: str) -> dict | None:
        return self.reports.get(session_id)
