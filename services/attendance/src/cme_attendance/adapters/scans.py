"""Accepted scans and the failed-scan log (扫码失败记录), read and written through one session."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects.postgresql import insert

from cme_attendance.adapters.tables import refused_scans, scans, sessions
from cme_attendance.domain.session import Scan
from cme_attendance.domain.suspicion import Presence
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction
from cme_platform.db import Repository

_INSERT_SCANS = insert(scans).on_conflict_do_nothing().returning(scans.c.scan_id)

class ScanRepository(Repository):
    """The accepted scans (and kept repeats), keyed by device and nonce and, as first scans, by person-day-direction."""

    async def add(self, row: dict) -> bool:
        """Insert a scan unless its nonce or (as first scan) its person-day-direction is taken."""
        result = await self.session.execute(insert(scans).values(**row).on_conflict_do_nothing()
                                            .returning(scans.c.scan_id))
        return result.first() is not None

    async def add_many(self, rows: list[dict]) -> set[str]:
        """Insert many scans in one round trip; the ids of those inserted (the others hit a key)."""
        if not rows:
            return set()
        # executemany with RETURNING ("insertmanyvalues"): SQLAlchemy batches the rows into multi-row
        # statements itself and caches the compiled form, where `.values(rows)` compiled a statement
        # of a new size for every batch.
        result = await self.session.execute(_INSERT_SCANS, rows)
        return set(result.scalars())

    async def nonce_seen(self, session_id: str, device_id: str, nonce: str) -> bool:
        """Whether this device's scan with this nonce was already recorded.

        Only accepted scans count: a refused one is judged again when re-sent, so a record
        refused because its session was not yet known is accepted once it is.
        """
        found = await self.session.execute(select(scans.c.nonce).where(
            scans.c.session_id == session_id, scans.c.device_id == device_id, scans.c.nonce == nonce))
        return found.first() is not None

    async def recorded_nonces(self, keys: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        """Which of these (session, device, nonce) keys are recorded scans: one query for a whole batch."""
        if not keys:
            return set()
        key = tuple_(scans.c.session_id, scans.c.device_id, scans.c.nonce)
        rows = await self.session.execute(select(scans.c.session_id, scans.c.device_id, scans.c.nonce)
                                          .where(key.in_(keys)))
        return {tuple(row) for row in rows}

    async def has_scan(self, session_id: str, id_number: str, day: date, direction: Direction) -> bool:
        """Whether the person has an accepted scan of this direction on this day."""
        found = await self.session.execute(select(scans.c.scan_id).where(
            scans.c.session_id == session_id, scans.c.id_number == id_number, scans.c.day == day,
            scans.c.direction == direction.value).limit(1))
        return found.first() is not None

    async def counted_time(self, session_id: str, id_number: str, day: date, direction: Direction
                           ) -> datetime:
        """The time that counts for the person's day and direction: the earliest check-in, the latest check-out.

        Asked only of a day and direction the person has scans of (a repeat is kept beside its first)."""
        moment = func.min(scans.c.scanned_at) if direction is Direction.IN else func.max(scans.c.scanned_at)
        counted = (await self.session.execute(select(moment).where(
            scans.c.session_id == session_id, scans.c.id_number == id_number, scans.c.day == day,
            scans.c.direction == direction.value))).scalar()
        if counted is None:
            raise LookupError(f"no {direction.value} scan of the person on {day} at session {session_id}")
        return counted

    async def of_session(self, session_id: str) -> list[Scan]:
        """Every accepted scan of a session."""
        rows = await self.session.execute(select(scans).where(scans.c.session_id == session_id)
                                          .order_by(scans.c.scanned_at))
        return [_scan(row) for row in rows.mappings()]

    async def presence_elsewhere(self, session_id: str, id_numbers: Iterable[str],
                                 days: Iterable[date]) -> dict[str, list[Presence]]:
        """Per person, the span of their scans on each of these days at other sessions."""
        query = (
            select(scans.c.id_number, scans.c.session_id, scans.c.day, sessions.c.venue,
                   func.min(scans.c.scanned_at).label("first"), func.max(scans.c.scanned_at).label("last"))
            .join(sessions, sessions.c.session_id == scans.c.session_id)
            .where(scans.c.session_id != session_id, scans.c.id_number.in_(list(id_numbers)),
                   scans.c.day.in_(list(days)))
            .group_by(scans.c.id_number, scans.c.session_id, scans.c.day, sessions.c.venue)
        )
        found: dict[str, list[Presence]] = {}
        for row in await self.session.execute(query):
            found.setdefault(row.id_number, []).append(Presence(row.session_id, row.venue, row.first, row.last))
        return found

    async def counts(self, session_id: str) -> dict[str, int]:
        """How many people checked in, checked out, and are still in (在场)."""
        query = select(scans.c.direction, func.count(func.distinct(scans.c.id_number))).where(
            scans.c.session_id == session_id).group_by(scans.c.direction)
        by_direction = {direction: n for direction, n in await self.session.execute(query)}
        left = await self.session.scalar(select(func.count(func.distinct(scans.c.id_number))).where(
            scans.c.session_id == session_id, scans.c.direction == "out",
            scans.c.id_number.in_(select(scans.c.id_number).where(scans.c.session_id == session_id,
                                                                  scans.c.direction == "in"))))
        checked_in = by_direction.get("in", 0)
        return {"checked_in": checked_in, "checked_out": by_direction.get("out", 0),
                "present": checked_in - (left or 0)}


def _scan(row) -> Scan:
    return Scan(id_number=row["id_number"], direction=Direction(row["direction"]), scanned_at=row["scanned_at"],
                method=ScanMethod(row["method"]), device_id=row["device_id"], name=row["name"])


class RefusalRepository(Repository):
    """The failed-scan log: every refused scan once per device and nonce, with its reason."""

    async def add(self, row: dict) -> bool:
        """Keep a refused scan in the failed-scan log, once per device and nonce; False if kept before."""
        result = await self.session.execute(insert(refused_scans).values(**row).on_conflict_do_nothing()
                                            .returning(refused_scans.c.refusal_id))
        return result.first() is not None

    async def count(self, session_id: str) -> int:
        """How many scans of a session were refused."""
        return await self.session.scalar(select(func.count()).select_from(refused_scans).where(
            refused_scans.c.session_id == session_id)) or 0

    async def of_session(self, session_id: str) -> list[dict]:
        """The failed-scan log of a session, newest first."""
        rows = await self.session.execute(select(refused_scans).where(refused_scans.c.session_id == session_id)
                                          .order_by(refused_scans.c.received_at.desc()))
        return [dict(row) for row in rows.mappings()]
