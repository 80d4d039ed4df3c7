"""The project registry (项目), read and written through one session; also what the scoped lists share:
the page of results and the condition of what a principal manages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.sql import ColumnElement

from cme_contracts.events import CreditClass, ProjectLevel
from cme_platform.access import overseen_jurisdictions
from cme_platform.auth import Principal, Role
from cme_platform.db import Repository
from cme_platform.errors import Forbidden
from cme_projects.adapters.tables import projects
from cme_projects.domain.numbers import normalize
from cme_projects.domain.project import Project

_PROJECT_FIELDS = tuple(c.name for c in projects.columns if c.name not in ("created_at", "updated_at"))


@dataclass(frozen=True)
class Page:
    """One page of a query's results."""

    items: list
    total: int
    page: int
    page_size: int


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


def in_scope(table: Table, principal: Principal) -> ColumnElement[bool]:
    """The SQL condition of the rows (projects or applications) a principal manages:
    an owner's own, a unit admin's unit's, the provincial office's jurisdiction's."""
    if principal.role == Role.PROJECT_OWNER:
        return table.c.owner_id == principal.account_id
    if principal.role == Role.UNIT_ADMIN and principal.unit_id:
        return table.c.unit_id == principal.unit_id
    if principal.role == Role.PROVINCIAL_OFFICE and principal.jurisdiction:
        return table.c.jurisdiction.in_(overseen_jurisdictions(principal))
    raise Forbidden("access.role_not_allowed", "当前角色无权查看项目管理信息", role=principal.role.value)


def project_from_row(row) -> Project:
    """A domain project from a `projects` row."""
    values = {name: getattr(row, name) for name in _PROJECT_FIELDS}
    values["level"], values["credit_class"] = ProjectLevel(row.level), CreditClass(row.credit_class)
    return Project(**values)


def _project_values(project: Project) -> dict:
    return {name: getattr(project, name) for name in _PROJECT_FIELDS}


class ProjectRepository(Repository):
    """One row per project and 期数, unique by number (in canonical form) within a jurisdiction."""

    async def add(self, project: Project) -> bool:
        """Insert a new project; False when its number and 期数 are taken (a concurrent registration won).

        The conflict is skipped rather than raised, so the transaction stays usable for the refusal.
        """
        result = await self.session.execute(insert(projects).values(**_project_values(project))
                                            .on_conflict_do_nothing().returning(projects.c.id))
        return result.first() is not None

    async def save(self, project: Project) -> None:
        """Overwrite a project's row with the project's values."""
        await self.session.execute(update(projects).where(projects.c.id == project.id)
                                   .values(**_project_values(project), updated_at=func.now()))

    async def get(self, project_id: str, *, lock: bool = False) -> Project | None:
        """The project with this id, row-locked for a change when asked."""
        query = select(projects).where(projects.c.id == project_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return project_from_row(row) if row else None

    async def find(self, jurisdiction: str, number_normalized: str, session_no: int) -> Project | None:
        """The project registered under this number and 期数 in a jurisdiction, if any (row-locked)."""
        row = (await self.session.execute(select(projects).where(
            projects.c.jurisdiction == jurisdiction, projects.c.number_normalized == number_normalized,
            projects.c.session_no == session_no,
        ).with_for_update())).first()
        return project_from_row(row) if row else None

    async def search(self, where: ProjectFilter, page: int, page_size: int) -> Page:
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
        total = (await self.session.execute(select(func.count()).select_from(projects).where(*conditions))).scalar_one()
        rows = (await self.session.execute(
            select(projects).where(*conditions)
            .order_by(projects.c.year.desc(), projects.c.number_normalized, projects.c.session_no)
            .limit(page_size).offset((page - 1) * page_size)
        )).all()
        return Page([project_from_row(r) for r in rows], total, page, page_size)

    async def managed(self, *, scope: Principal, page: int, page_size: int) -> Page:
        """The projects a principal manages (学分管理页面的项目列表), newest year first."""
        condition = in_scope(projects, scope)
        total = (await self.session.execute(select(func.count()).select_from(projects).where(condition))).scalar_one()
        rows = (await self.session.execute(
            select(projects).where(condition).order_by(projects.c.year.desc(), projects.c.number_normalized)
            .limit(page_size).offset((page - 1) * page_size)
        )).all()
        return Page([project_from_row(r) for r in rows], total, page, page_size)
