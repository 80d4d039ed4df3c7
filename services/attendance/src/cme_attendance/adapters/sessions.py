"""The sessions (举办场次) attendance opened from approved hold applications, read and written through one session."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from cme_attendance.adapters.tables import sessions
from cme_attendance.domain.session import AttendanceSession
from cme_contracts.events.common import CreditClass, ProjectLevel, SessionDay, TimeWindow
from cme_platform.db import Repository


class SessionRepository(Repository):
    """One row per approved session: its windows, QR refresh period and required hours."""

    async def add(self, attendance_session: AttendanceSession) -> None:
        """Store a session; a second approval event for the same session changes nothing."""
        s = attendance_session
        await self.session.execute(insert(sessions).values(
            session_id=s.session_id, application_id=s.application_id, project_id=s.project_id,
            project_number=s.project_number, project_name=s.project_name,
            jurisdiction=s.jurisdiction, level=s.level.value, credit_class=s.credit_class.value,
            credits=s.credits, venue=s.venue, owner_id=s.owner_id, unit_id=s.unit_id,
            schedule=[day.model_dump(mode="json") for day in s.schedule],
            check_in_opens_at=s.check_in_window.opens_at, check_in_closes_at=s.check_in_window.closes_at,
            check_out_opens_at=s.check_out_window.opens_at, check_out_closes_at=s.check_out_window.closes_at,
            qr_refresh_seconds=s.qr_refresh_seconds, required_hours=s.required_hours,
        ).on_conflict_do_nothing())

    async def get(self, session_id: str) -> AttendanceSession | None:
        """The session, or None."""
        return (await self.get_many({session_id})).get(session_id)

    async def get_many(self, session_ids: Iterable[str]) -> dict[str, AttendanceSession]:
        """The sessions a batch names, read once; unknown ids are absent."""
        rows = (await self.session.execute(
            select(sessions).where(sessions.c.session_id.in_(set(session_ids))))).mappings()
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
