"""Hold applications (举办申请) with the history of their steps, read and written through one session."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, insert, select, update

from cme_platform.auth import Principal
from cme_platform.db import Repository
from cme_projects.adapters.projects import Page, in_scope
from cme_projects.adapters.serialization import plan_from_json, plan_to_json
from cme_projects.adapters.tables import hold_application_steps, hold_applications, projects
from cme_projects.domain.hold_application import HoldApplication, Status, Step


class HoldApplicationRepository(Repository):
    """One row per application, and one step row per action taken on it (who, in which role, when)."""

    async def add(self, app: HoldApplication) -> None:
        """Insert a new hold application and its steps so far."""
        await self.session.execute(insert(hold_applications).values(**_application_values(app)))
        await self._add_steps(app.id, app.steps)

    async def save(self, before: HoldApplication, after: HoldApplication) -> None:
        """Write a changed application and append the steps taken since `before`."""
        await self.session.execute(update(hold_applications).where(hold_applications.c.id == after.id)
                                   .values(**_application_values(after), updated_at=func.now()))
        await self._add_steps(after.id, after.steps[len(before.steps):])

    async def get(self, application_id: str, *, lock: bool = False) -> HoldApplication | None:
        """The application with its full history, row-locked for a transition when asked."""
        query = select(hold_applications).where(hold_applications.c.id == application_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        if row is None:
            return None
        steps = (await self.session.execute(select(hold_application_steps)
                                            .where(hold_application_steps.c.application_id == application_id)
                                            .order_by(hold_application_steps.c.id))).all()
        return HoldApplication(
            id=row.id, project_id=row.project_id, jurisdiction=row.jurisdiction, owner_id=row.owner_id,
            unit_id=row.unit_id, plan=plan_from_json(row.plan), status=Status(row.status),
            return_reason=row.return_reason, submitted_at=row.submitted_at, session_id=row.session_id,
            steps=tuple(Step(s.action, s.actor_id, s.actor_role, s.at, s.reason) for s in steps),
        )

    async def list(self, *, scope: Principal, status: Status | None, page: int, page_size: int) -> Page:
        """Applications in the principal's scope, optionally of one status, most recently changed first;
        each item a dict of the application's columns with its project's `number` and `name`."""
        conditions = [in_scope(hold_applications, scope)]
        if status is not None:
            conditions.append(hold_applications.c.status == status.value)
        total = (await self.session.execute(select(func.count()).select_from(hold_applications)
                                            .where(*conditions))).scalar_one()
        rows = (await self.session.execute(
            select(hold_applications, projects.c.number, projects.c.name)
            .join(projects, projects.c.id == hold_applications.c.project_id)
            .where(*conditions).order_by(hold_applications.c.updated_at.desc())
            .limit(page_size).offset((page - 1) * page_size)
        )).all()
        return Page([r._asdict() for r in rows], total, page, page_size)

    async def _add_steps(self, application_id: str, steps: Iterable[Step]) -> None:
        rows = [{"application_id": application_id, "action": s.action, "actor_id": s.actor_id,
                 "actor_role": s.actor_role, "reason": s.reason, "at": s.at} for s in steps]
        if rows:
            await self.session.execute(insert(hold_application_steps), rows)


def _application_values(app: HoldApplication) -> dict:
    return {
        "id": app.id, "project_id": app.project_id, "jurisdiction": app.jurisdiction, "owner_id": app.owner_id,
        "unit_id": app.unit_id, "status": app.status.value, "plan": plan_to_json(app.plan),
        "return_reason": app.return_reason, "submitted_at": app.submitted_at, "session_id": app.session_id,
    }
