"""Execution reports (执行情况上报) as submitted, read and written through one session."""

from __future__ import annotations

from sqlalchemy import insert, select

from cme_attendance.adapters.tables import execution_reports
from cme_platform.db import Repository


class ReportRepository(Repository):
    """At most one submitted report per session: who was reported, with their hours."""

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
