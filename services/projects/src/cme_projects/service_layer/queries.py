"""Read side: the public project query and the scoped views of hold applications."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cme_contracts.events import ProjectLevel
from cme_platform.access import overseen_jurisdictions
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden
from cme_projects.adapters.repository import Page, project_from_row
from cme_projects.adapters.tables import hold_applications, projects
from cme_projects.domain.hold_application import Status
from cme_projects.domain.numbers import normalize


@dataclass(frozen=True)
class ProjectFilter:
    """Criteria of the public project query (项目查询); all optional."""

    number: str | None = None  # as written or in any spelling: compared in canonical form
    name: str | None = None  # part of the name
    year: int | None = None
    level: ProjectLevel | None = None
    discipline: str | None = None  # part of the discipline
    jurisdiction: str | None = None
    remote_filing: bool | None = None


async def search_projects(session: AsyncSession, where: ProjectFilter, page: int, page_size: int) -> Page:
    """One page of projects matching the filter, newest year first, then by number."""
    conditions = []
    if where.number:
        conditions.append(projects.c.number_normalized == normalize(where.number))
    if where.name:
        conditions.append(projects.c.name.contains(where.name.strip(), autoescape=True))
    if where.discipline:
        conditions.append(projects.c.discipline.contains(where.discipline.strip(), autoescape=True))
    for column, value in (("year", where.year), ("level", where.level), ("jurisdiction", where.jurisdiction),
                          ("remote_filing", where.remote_filing)):
        if value is not None:
            conditions.append(projects.c[column] == value)
    total = (await session.execute(select(func.count()).select_from(projects).where(*conditions))).scalar_one()
    rows = (await session.execute(
        select(projects).where(*conditions)
        .order_by(projects.c.year.desc(), projects.c.number_normalized, projects.c.session_no)
        .limit(page_size).offset((page - 1) * page_size)
    )).all()
    return Page([project_from_row(r) for r in rows], total, page, page_size)


def in_scope(table, principal: Principal):
    """The SQL condition of the rows (projects or applications) a principal manages:
    an owner's own, a unit admin's unit's, the provincial office's jurisdiction's."""
    if principal.role == Role.PROJECT_OWNER:
        return table.c.owner_id == principal.account_id
    if principal.role == Role.UNIT_ADMIN and principal.unit_id:
        return table.c.unit_id == principal.unit_id
    if principal.role == Role.PROVINCIAL_OFFICE and principal.jurisdiction:
        return table.c.jurisdiction.in_(overseen_jurisdictions(principal))
    raise Forbidden("access.role_not_allowed", "当前角色无权查看项目管理信息", role=principal.role.value)


async def managed_projects(session: AsyncSession, principal: Principal, page: int, page_size: int) -> Page:
    """The projects a principal manages (学分管理页面的项目列表), newest year first."""
    condition = in_scope(projects, principal)
    total = (await session.execute(select(func.count()).select_from(projects).where(condition))).scalar_one()
    rows = (await session.execute(
        select(projects).where(condition).order_by(projects.c.year.desc(), projects.c.number_normalized)
        .limit(page_size).offset((page - 1) * page_size)
    )).all()
    return Page([project_from_row(r) for r in rows], total, page, page_size)


async def list_applications(session: AsyncSession, principal: Principal, status: Status | None,
                            page: int, page_size: int) -> Page:
    """Applications in the principal's scope, optionally of one status, most recently changed first."""
    conditions = [in_scope(hold_applications, principal)]
    if status is not None:
        conditions.append(hold_applications.c.status == status.value)
    total = (await session.execute(select(func.count()).select_from(hold_applications).where(*conditions))).scalar_one()
    rows = (await session.execute(
        select(hold_applications, projects.c.number, projects.c.name)
        .join(projects, projects.c.id == hold_applications.c.project_id)
        .where(*conditions).order_by(hold_applications.c.updated_at.desc())
        .limit(page_size).offset((page - 1) * page_size)
    )).all()
    return Page([r._asdict() for r in rows], total, page, page_size)
