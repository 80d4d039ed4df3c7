"""Reading and writing the attendance tables inside a unit of work's session."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, insert, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import CreditClass, Direction, ProjectLevel, SessionDay, TimeWindow
from cme_attendance.adapters.tables import (execution_reports, questionnaire_answers, refused_scans, registrations,
                                            scans, sessions)
from cme_attendance.domain.session import AttendanceSession, Scan
from cme_attendance.domain.suspicion import Presence


async def add_session(db: AsyncSession, session: AttendanceSession) -> None:
    """Store a session; a second approval event for the same session changes nothing."""
    await db.execute(pg_insert(sessions).values(
        session_id=session.session_id, application_id=session.application_id, project_id=session.project_id,
        project_number=session.project_number, project_name=session.project_name,
        jurisdiction=session.jurisdiction, level=session.level.value, credit_class=session.credit_class.value,
        credits=session.credits, venue=session.venue, owner_id=session.owner_id, unit_id=session.unit_id,
        schedule=[day.model_dump(mode="json") for day in session.schedule],
        check_in_opens_at=session.check_in_window.opens_at, check_in_closes_at=session.check_in_window.closes_at,
        check_out_opens_at=session.check_out_window.opens_at, check_out_closes_at=session.check_out_window.closes_at,
        qr_refresh_seconds=session.qr_refresh_seconds, required_hours=session.required_hours,
    ).on_conflict_do_nothing())


async def get_session(db: AsyncSession, session_id: str) -> AttendanceSession | None:
    """The session, or None."""
    return (await get_sessions(db, {session_id})).get(session_id)


async def get_sessions(db: AsyncSession, session_ids: Iterable[str]) -> dict[str, AttendanceSession]:
    """The sessions a batch names, read once; unknown ids are absent."""
    rows = (await db.execute(select(sessions).where(sessions.c.session_id.in_(set(session_ids))))).mappings()
    return {row["session_id"]: _session(row) for row in rows}


def _session(row) -> AttendanceSession:
    return AttendanceSession(
        session_id=row["session_id"], application_id=row["application_id"], project_id=row["project_id"],
        project_number=row["project_number"], project_name=row["project_name"], jurisdiction=row["jurisdiction"],
        level=ProjectLevel(row["level"]), credit_class=CreditClass(row["credit_class"]), credits=row["credits"],
        venue=row["venue"], owner_id=row["owner_id"], unit_id=row["unit_id"],
        schedule=tuple(SessionDay.model_validate(day) for day in row["schedule"]),
        check_in_window=TimeWindow(opens_at=row["check_in_opens_at"], closes_at=row["check_in_closes_at"]),
        check_out_window=TimeWindow(opens_at=row["check_out_opens_at"], closes_at=row["check_out_closes_at"]),
        qr_refresh_seconds=row["qr_refresh_seconds"], required_hours=row["required_hours"],
    )


async def nonce_seen(db: AsyncSession, session_id: str, device_id: str, nonce: str) -> bool:
    """Whether this device's scan with this nonce was already recorded.

    Only accepted scans count: a refused one is judged again when re-sent, so a record
    refused because its session was not yet known is accepted once it is.
    """
    found = await db.execute(select(scans.c.nonce).where(
        scans.c.session_id == session_id, scans.c.device_id == device_id, scans.c.nonce == nonce))
    return found.first() is not None


async def recorded_nonces(db: AsyncSession, keys: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """Which of these (session, device, nonce) keys are recorded scans: one query for a whole batch."""
    if not keys:
        return set()
    key = tuple_(scans.c.session_id, scans.c.device_id, scans.c.nonce)
    rows = await db.execute(select(scans.c.session_id, scans.c.device_id, scans.c.nonce).where(key.in_(keys)))
    return {tuple(row) for row in rows}


async def insert_scans(db: AsyncSession, rows: list[dict]) -> set[str]:
    """Insert many scans in one round trip; the ids of those inserted (the others hit a key)."""
    if not rows:
        return set()
    # executemany with RETURNING ("insertmanyvalues"): SQLAlchemy batches the rows into multi-row
    # statements itself and caches the compiled form, where `.values(rows)` compiled a statement
    # of a new size for every batch.
    result = await db.execute(_INSERT_SCANS, rows)
    return set(result.scalars())


_INSERT_SCANS = pg_insert(scans).on_conflict_do_nothing().returning(scans.c.scan_id)


async def insert_scan(db: AsyncSession, row: dict) -> bool:
    """Insert a scan unless its nonce or (as first scan) its person-day-direction is taken."""
    result = await db.execute(pg_insert(scans).values(**row).on_conflict_do_nothing().returning(scans.c.scan_id))
    return result.first() is not None


async def add_refusal(db: AsyncSession, row: dict) -> bool:
    """Keep a refused scan in the failed-scan log, once per device and nonce; False if kept before."""
    result = await db.execute(pg_insert(refused_scans).values(**row).on_conflict_do_nothing()
                              .returning(refused_scans.c.refusal_id))
    return result.first() is not None


async def has_scan(db: AsyncSession, session_id: str, id_number: str, day: date, direction: Direction) -> bool:
    """Whether the person has an accepted scan of this direction on this day."""
    found = await db.execute(select(scans.c.scan_id).where(
        scans.c.session_id == session_id, scans.c.id_number == id_number, scans.c.day == day,
        scans.c.direction == direction.value).limit(1))
    return found.first() is not None


async def counted_time(db: AsyncSession, session_id: str, id_number: str, day: date, direction: Direction
                       ) -> datetime | None:
    """The time that counts for the person's day and direction: the earliest check-in, the latest check-out."""
    moment = func.min(scans.c.scanned_at) if direction is Direction.IN else func.max(scans.c.scanned_at)
    return (await db.execute(select(moment).where(
        scans.c.session_id == session_id, scans.c.id_number == id_number, scans.c.day == day,
        scans.c.direction == direction.value))).scalar()


async def scans_of(db: AsyncSession, session_id: str) -> list[Scan]:
    """Every accepted scan of a session."""
    rows = await db.execute(select(scans).where(scans.c.session_id == session_id).order_by(scans.c.scanned_at))
    return [_scan(row) for row in rows.mappings()]


def _scan(row) -> Scan:
    return Scan(id_number=row["id_number"], direction=Direction(row["direction"]), scanned_at=row["scanned_at"],
                method=ScanMethod(row["method"]), device_id=row["device_id"], name=row["name"])


async def presence_elsewhere(db: AsyncSession, session_id: str, id_numbers: Iterable[str],
                             days: Iterable[date]) -> dict[str, list[Presence]]:
    """Per person, the span of their scans on each of these days at other sessions."""
    query = (
        select(scans.c.id_number, scans.c.session_id, scans.c.day, sessions.c.venue,
               func.min(scans.c.scanned_at).label("first"), func.max(scans.c.scanned_at).label("last"))
        .join(sessions, sessions.c.session_id == scans.c.session_id)
        .where(scans.c.session_id != session_id, scans.c.id_number.in_(list(id_numbers)), scans.c.day.in_(list(days)))
        .group_by(scans.c.id_number, scans.c.session_id, scans.c.day, sessions.c.venue)
    )
    found: dict[str, list[Presence]] = {}
    for row in await db.execute(query):
        found.setdefault(row.id_number, []).append(Presence(row.session_id, row.venue, row.first, row.last))
    return found


async def counts(db: AsyncSession, session_id: str) -> dict[str, int]:
    """How many people checked in, checked out, and are still in (在场)."""
    query = select(scans.c.direction, func.count(func.distinct(scans.c.id_number))).where(
        scans.c.session_id == session_id).group_by(scans.c.direction)
    by_direction = {direction: n for direction, n in await db.execute(query)}
    left = await db.scalar(select(func.count(func.distinct(scans.c.id_number))).where(
        scans.c.session_id == session_id, scans.c.direction == "out",
        scans.c.id_number.in_(select(scans.c.id_number).where(scans.c.session_id == session_id,
                                                              scans.c.direction == "in"))))
    checked_in = by_direction.get("in", 0)
    refused = await db.scalar(select(func.count()).select_from(refused_scans).where(
        refused_scans.c.session_id == session_id))
    return {"checked_in": checked_in, "checked_out": by_direction.get("out", 0), "present": checked_in - (left or 0),
            "refused": refused or 0}


async def refusals_of(db: AsyncSession, session_id: str) -> list[dict]:
    """The failed-scan log of a session, newest first."""
    rows = await db.execute(select(refused_scans).where(refused_scans.c.session_id == session_id)
                            .order_by(refused_scans.c.received_at.desc()))
    return [dict(row) for row in rows.mappings()]


async def add_registration(db: AsyncSession, row: dict) -> bool:
    """Store the registration form; False when this person already registered for the session."""
    result = await db.execute(pg_insert(registrations).values(**row).on_conflict_do_nothing()
                              .returning(registrations.c.id_number))
    return result.first() is not None


async def registrations_by_phone(db: AsyncSession, session_id: str, phone: str) -> list[dict]:
    """The registrations of a session with this phone number."""
    rows = await db.execute(select(registrations).where(
        registrations.c.session_id == session_id, registrations.c.phone == phone))
    return [dict(row) for row in rows.mappings()]


async def registrations_of(db: AsyncSession, session_id: str) -> dict[str, dict]:
    """Registration forms of a session by ID number."""
    rows = await db.execute(select(registrations).where(registrations.c.session_id == session_id))
    return {row["id_number"]: dict(row) for row in rows.mappings()}


async def save_answers(db: AsyncSession, session_id: str, id_number: str, answers: dict, at: datetime) -> None:
    """Keep the questionnaire answers (the first submission counts)."""
    await db.execute(pg_insert(questionnaire_answers).values(
        session_id=session_id, id_number=id_number, answers=answers, submitted_at=at).on_conflict_do_nothing())


async def report_exists(db: AsyncSession, session_id: str) -> bool:
    """Whether the session's execution report was submitted."""
    found = await db.execute(select(execution_reports.c.report_id).where(execution_reports.c.session_id == session_id))
    return found.first() is not None


async def add_report(db: AsyncSession, row: dict) -> None:
    """Store a submitted execution report."""
    await db.execute(insert(execution_reports).values(**row))


async def get_report(db: AsyncSession, session_id: str) -> dict | None:
    """The session's submitted execution report (who was reported, with their hours), or None."""
    row = (await db.execute(select(execution_reports).where(execution_reports.c.session_id == session_id))).first()
    return dict(row._mapping) if row else None
