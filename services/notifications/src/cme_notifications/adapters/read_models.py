"""What the scheduler knows from the events: sessions owed a report, applications waiting,
approved credits per learner. Each write is idempotent, so a replayed event changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import case, func, select, update
from sqlalchemy.dialects.postgresql import insert

from cme_notifications.adapters.tables import credit_ledger, held_sessions, learners, waiting_applications
from cme_notifications.domain.model import BEIJING
from cme_notifications.domain.reminders import CreditTotals, HeldSession, WaitingApplication
from cme_platform.db import Repository


class ReadModels(Repository):
    """The scheduler's read models in one unit of work's session."""

    async def add_session(self, held: HeldSession) -> None:
        """An approved session: its report is owed two weeks after its last day."""
        values = dict(project_number=held.project_number, project_name=held.project_name, unit_id=held.unit_id,
                      jurisdiction=held.jurisdiction, end_date=held.end_date)
        await self.session.execute(insert(held_sessions).values(session_id=held.session_id, **values)
                                   .on_conflict_do_update(index_elements=["session_id"], set_=values))

    async def mark_reported(self, session_id: str, at: datetime) -> None:
        """The report arrived: no more reminders for this session."""
        await self.session.execute(update(held_sessions).where(held_sessions.c.session_id == session_id)
                                   .values(reported_at=at))

    async def sessions_owing_reports(self, ending_on_or_after: date) -> list[HeldSession]:
        """Sessions still owing a report that ended recently enough to be reminded about."""
        rows = (await self.session.execute(select(held_sessions).where(
            held_sessions.c.reported_at.is_(None), held_sessions.c.end_date >= ending_on_or_after))).all()
        return [HeldSession(r.session_id, r.project_number, r.project_name, r.unit_id, r.jurisdiction, r.end_date)
                for r in rows]

    async def application_submitted(self, application_id: str, project_number: str, jurisdiction: str,
                                    owner_id: str, at: datetime) -> None:
        """Submitted (or resubmitted after a return): the wait starts again."""
        values = dict(project_number=project_number, jurisdiction=jurisdiction, owner_id=owner_id, submitted_at=at,
                      decided_at=None)
        await self.session.execute(insert(waiting_applications).values(application_id=application_id, **values)
                                   .on_conflict_do_update(index_elements=["application_id"], set_=values))

    async def application_decided(self, application_id: str, at: datetime) -> tuple[str, str] | None:
        """The office approved or returned it; its project number and owner, if it was seen submitted."""
        result = await self.session.execute(
            update(waiting_applications).where(waiting_applications.c.application_id == application_id)
            .values(decided_at=at).returning(waiting_applications.c.project_number, waiting_applications.c.owner_id))
        row = result.first()
        return (row.project_number, row.owner_id) if row else None

    async def waiting(self) -> list[WaitingApplication]:
        """Applications the office has not decided, with the Beijing date they were submitted."""
        rows = (await self.session.execute(select(waiting_applications).where(
            waiting_applications.c.decided_at.is_(None)))).all()
        return [WaitingApplication(r.application_id, r.project_number, r.jurisdiction,
                                   r.submitted_at.astimezone(BEIJING).date()) for r in rows]

    async def credit_approved(self, credit_id: str, id_number: str, year: int, credit_class: str, credits: float,
                              jurisdiction: str) -> None:
        """An approved credit counts towards the learner's year."""
        await self.session.execute(insert(credit_ledger).values(
            credit_id=credit_id, id_number=id_number, year=year, credit_class=credit_class,
            credits=Decimal(str(credits)), jurisdiction=jurisdiction, revoked=False,
        ).on_conflict_do_update(index_elements=["credit_id"], set_={"revoked": False}))

    async def credit_revoked(self, credit_id: str) -> None:
        """A withdrawn credit no longer counts."""
        await self.session.execute(update(credit_ledger).where(credit_ledger.c.credit_id == credit_id)
                                   .values(revoked=True))

    async def learner_registered(self, id_number: str, jurisdiction: str) -> None:
        """A learner the compliance warning should know about even before their first credit."""
        await self.session.execute(insert(learners).values(id_number=id_number, jurisdiction=jurisdiction)
                                   .on_conflict_do_nothing())

    async def yearly_totals(self, year: int) -> list[CreditTotals]:
        """Every known learner's approved class I and class II credits of a year."""
        counted = credit_ledger.c.year == year
        class_i = func.coalesce(
            func.sum(case((counted & (credit_ledger.c.credit_class == "I"), credit_ledger.c.credits), else_=0)), 0
        )
        class_ii = func.coalesce(func.sum(case((counted & (credit_ledger.c.credit_class == "II"),
                                                credit_ledger.c.credits), else_=0)), 0)
        people = (select(credit_ledger.c.id_number, credit_ledger.c.jurisdiction)
                  .where(credit_ledger.c.year == year)
                  .union(select(learners.c.id_number, learners.c.jurisdiction))).subquery()
        query = (select(people.c.id_number, func.min(people.c.jurisdiction).label("jurisdiction"),
                        class_i.label("class_i"), class_ii.label("class_ii"))
                 .select_from(people.outerjoin(credit_ledger, (credit_ledger.c.id_number == people.c.id_number)
                                               & credit_ledger.c.revoked.is_(False)))
                 .group_by(people.c.id_number))
        return [CreditTotals(r.id_number, r.jurisdiction, float(r.class_i), float(r.class_ii))
                for r in (await self.session.execute(query)).all()]
