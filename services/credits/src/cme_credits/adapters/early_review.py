"""Early-review windows and the units' applicant lists, read and written through one session."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects.postgresql import insert

from cme_credits.adapters.tables import early_review_applicant, early_review_application, early_review_window
from cme_credits.domain.early_review import Window
from cme_platform.db import Repository


class EarlyReviewRepository(Repository):
    """The offices' yearly windows (提前审核时间) and the people units listed for early review."""

    async def save_window(self, jurisdiction: str, window: Window, *, set_by: str) -> None:
        """Set (or move) the window of a jurisdiction's year; the latest setting wins."""
        values = {"opens_on": window.opens_on, "closes_on": window.closes_on, "set_by": set_by,
                  "updated_at": func.now()}
        await self.session.execute(insert(early_review_window).values(jurisdiction=jurisdiction, year=window.year,
                                                                      **values)
                                   .on_conflict_do_update(index_elements=["jurisdiction", "year"], set_=values))

    async def windows(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Window]:
        """The windows set for these (jurisdiction, year) pairs."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        table = early_review_window
        rows = (await self.session.execute(select(table).where(
            tuple_(table.c.jurisdiction, table.c.year).in_(wanted)))).all()
        return {(r.jurisdiction, r.year): Window(r.year, r.opens_on, r.closes_on) for r in rows}

    async def add_application(self, application: dict, people: list[dict]) -> None:
        """Store a unit's application and list its people; a person listed again belongs to the latest list."""
        await self.session.execute(insert(early_review_application).values(**application))
        if not people:
            return
        rows = [{"jurisdiction": application["jurisdiction"], "year": application["year"],
                 "application_id": application["application_id"], "unit_id": application["unit_id"], **person}
                for person in people]
        statement = insert(early_review_applicant)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["jurisdiction", "year", "id_number"],
            set_={c: statement.excluded[c] for c in ("application_id", "unit_id", "name", "phone")}), rows)

    async def listed(self, keys: Iterable[tuple[str, int, str]]) -> set[tuple[str, int, str]]:
        """Those of these (jurisdiction, year, ID number) a unit's application lists."""
        wanted = sorted(set(keys))
        if not wanted:
            return set()
        table = early_review_applicant
        rows = (await self.session.execute(select(table.c.jurisdiction, table.c.year, table.c.id_number).where(
            tuple_(table.c.jurisdiction, table.c.year, table.c.id_number).in_(wanted)))).all()
        return {(r.jurisdiction, r.year, r.id_number) for r in rows}
