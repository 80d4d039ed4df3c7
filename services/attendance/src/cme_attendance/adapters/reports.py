"""Execution reports (执行情况上报) as submitted, read and written through one session."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from cme_attendance.adapters.tables import execution_reports


class ReportRepository:
    """At most one submitted report per session: who was reported, with their hours."""

    def __init__(self, session: AsyncSession):
        self.session = session

    async def exists(self, session_id: str) -> bool:
        """Whether the session's execution report was submitted."""
        found = await self.session.execute(select(execution_reports.c.report_id)
                                           .where(execution_reports.c.session_id == session_id))
        return found.first() is not None

    async def add(self, row: dict) -> None:
        """Store a submitted execution report."""
        await self.session.execute(insert(execution_reports).values(**row))

    async def get(self, session_id: str) -> dict | None:
        """The session's submitted execution report (who was reported, with their hours), or None."""
        row = (await self.session.execute(select(execution_reports)
                                          .where(execution_reports.c.session_id == session_id))).first()
        return dict(row._mapping) if row else None
