"""Reading and writing projects, hold applications and the stored-evidence mirror."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from cme_contracts.events import CreditClass, EvidenceStored, ProjectLevel
from cme_projects.adapters.serialization import plan_from_json, plan_to_json
from cme_projects.adapters.tables import hold_application_steps, hold_applications, projects, stored_evidence
from cme_projects.domain.hold_application import HoldApplication, Status, Step, StoredFile
from cme_projects.domain.project import Project

_PROJECT_FIELDS = tuple(c.name for c in projects.columns if c.name not in ("created_at", "updated_at"))


def project_from_row(row) -> Project:
    """A domain project from a `projects` row."""
    values = {name: getattr(row, name) for name in _PROJECT_FIELDS}
    values["level"], values["credit_class"] = ProjectLevel(row.level), CreditClass(row.credit_class)
    return Project(**values)


def _project_values(project: Project) -> dict:
    return {name: getattr(project, name) for name in _PROJECT_FIELDS}


async def add_project(session: AsyncSession, project: Project) -> None:
    """Insert a new project (the unique key refuses a second one with the same number and 期数)."""
    await session.execute(insert(projects).values(**_project_values(project)))


async def save_project(session: AsyncSession, project: Project) -> None:
    """Overwrite a project's row with the project's values."""
    await session.execute(update(projects).where(projects.c.id == project.id)
                          .values(**_project_values(project), updated_at=func.now()))


async def get_project(session: AsyncSession, project_id: str, *, lock: bool = False) -> Project | None:
    """The project with this id, row-locked for a change when asked."""
    query = select(projects).where(projects.c.id == project_id)
    row = (await session.execute(query.with_for_update() if lock else query)).first()
    return project_from_row(row) if row else None


async def find_project(
    session: AsyncSession, jurisdiction: str, number_normalized: str, session_no: int
) -> Project | None:
    """The project registered under this number and 期数 in a jurisdiction, if any."""
    row = (await session.execute(select(projects).where(
        projects.c.jurisdiction == jurisdiction, projects.c.number_normalized == number_normalized,
        projects.c.session_no == session_no,
    ).with_for_update())).first()
    return project_from_row(row) if row else None


async def add_application(session: AsyncSession, app: HoldApplication) -> None:
    """Insert a new hold application and its steps so far."""
    await session.execute(insert(hold_applications).values(**_application_values(app)))
    await _add_steps(session, app.id, app.steps)


async def save_application(session: AsyncSession, before: HoldApplication, after: HoldApplication) -> None:
    """Write a changed application and append the steps taken since `before`."""
    await session.execute(update(hold_applications).where(hold_applications.c.id == after.id)
                          .values(**_application_values(after), updated_at=func.now()))
    await _add_steps(session, after.id, after.steps[len(before.steps):])


async def get_application(session: AsyncSession, application_id: str, *, lock: bool = False) -> HoldApplication | None:
    """The application with its full history, row-locked for a transition when asked."""
    query = select(hold_applications).where(hold_applications.c.id == application_id)
    row = (await session.execute(query.with_for_update() if lock else query)).first()
    if row is None:
        return None
    steps = (await session.execute(select(hold_application_steps)
                                   .where(hold_application_steps.c.application_id == application_id)
                                   .order_by(hold_application_steps.c.id))).all()
    return HoldApplication(
        id=row.id, project_id=row.project_id, jurisdiction=row.jurisdiction, owner_id=row.owner_id,
        unit_id=row.unit_id, plan=plan_from_json(row.plan), status=Status(row.status),
        return_reason=row.return_reason, submitted_at=row.submitted_at, session_id=row.session_id,
        steps=tuple(Step(s.action, s.actor_id, s.actor_role, s.at, s.reason) for s in steps),
    )


def _application_values(app: HoldApplication) -> dict:
    return {
        "id": app.id, "project_id": app.project_id, "jurisdiction": app.jurisdiction, "owner_id": app.owner_id,
        "unit_id": app.unit_id, "status": app.status.value, "plan": plan_to_json(app.plan),
        "return_reason": app.return_reason, "submitted_at": app.submitted_at, "session_id": app.session_id,
    }


async def _add_steps(session: AsyncSession, application_id: str, steps: Iterable[Step]) -> None:
    rows = [{"application_id": application_id, "action": s.action, "actor_id": s.actor_id,
             "actor_role": s.actor_role, "reason": s.reason, "at": s.at} for s in steps]
    if rows:
        await session.execute(insert(hold_application_steps), rows)


async def record_evidence(session: AsyncSession, event: EvidenceStored) -> None:
    """Remember a stored file (idempotent: the same evidence id twice changes nothing)."""
    values = {column.name: getattr(event, column.name) for column in stored_evidence.columns}
    await session.execute(pg_insert(stored_evidence).values(**values).on_conflict_do_nothing())


async def stored_files(session: AsyncSession, evidence_ids: Iterable[str]) -> dict[str, StoredFile]:
    """The stored files among these evidence ids, by id."""
    ids = list(evidence_ids)
    if not ids:
        return {}
    rows = (await session.execute(select(stored_evidence).where(stored_evidence.c.evidence_id.in_(ids)))).all()
    return {r.evidence_id: StoredFile(r.evidence_id, r.owner_id, r.kind, r.size) for r in rows}


@dataclass(frozen=True)
class Page:
    """One page of a query's results."""

    items: list
    total: int
    page: int
    page_size: int
