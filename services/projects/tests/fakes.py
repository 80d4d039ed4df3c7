"""In memory, what the projects service's repositories keep in PostgreSQL (`adapters/`).

`integration/test_repository_contracts.py` runs the same scenarios against these and the real
repositories, so a unit test that trusts them trusts the database. Deliberately not faked: the rows'
`created_at`/`updated_at` columns (a listed application carries its own columns, its project's
number and name, but no timestamps), and the order among rows changed in the same transaction,
which PostgreSQL leaves to chance (`now()` is one moment per transaction).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from cme_contracts.events import EvidenceStored
from cme_platform.access import overseen_jurisdictions
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden
from cme_projects.adapters.projects import Page, ProjectFilter
from cme_projects.adapters.serialization import plan_to_json
from cme_projects.domain.hold_application import HoldApplication, Status, StoredFile
from cme_projects.domain.numbers import normalize
from cme_projects.domain.project import Project


def in_scope(row, principal: Principal) -> bool:
    """What `adapters.projects.in_scope` says in SQL, for a project or an application."""
    if principal.role == Role.PROJECT_OWNER:
        return row.owner_id == principal.account_id
    if principal.role == Role.UNIT_ADMIN and principal.unit_id:
        return row.unit_id == principal.unit_id
    if principal.role == Role.PROVINCIAL_OFFICE and principal.jurisdiction:
        return row.jurisdiction in overseen_jurisdictions(principal)
    raise Forbidden("access.role_not_allowed", "当前角色无权查看项目管理信息", role=principal.role.value)


def _page(items: list, page: int, page_size: int) -> Page:
    return Page(items[(page - 1) * page_size:page * page_size], len(items), page, page_size)


class FakeProjectRepository:
    """The project registry: unique by number (canonical form) and 期数 within a jurisdiction."""

    def __init__(self):
        self.projects: dict[str, Project] = {}

    async def add(self, project: Project) -> bool:
        if await self.find(project.jurisdiction, project.number_normalized, project.session_no):
            return False
        self.projects[project.id] = project
        return True

    async def save(self, project: Project) -> None:
        self.projects[project.id] = project

    async def get(self, project_id: str, *, lock: bool = False) -> Project | None:
        return self.projects.get(project_id)

    async def find(self, jurisdiction: str, number_normalized: str, session_no: int) -> Project | None:
        return next((p for p in self.projects.values() if (p.jurisdiction, p.number_normalized, p.session_no)
                     == (jurisdiction, number_normalized, session_no)), None)

    async def search(self, where: ProjectFilter, page: int, page_size: int) -> Page:
        found = [p for p in self.projects.values() if _matches(p, where)]
        found.sort(key=lambda p: (-p.year, p.number_normalized, p.session_no))
        return _page(found, page, page_size)

    async def managed(self, *, scope: Principal, page: int, page_size: int) -> Page:
        found = sorted((p for p in self.projects.values() if in_scope(p, scope)),
                       key=lambda p: (-p.year, p.number_normalized))
        return _page(found, page, page_size)


def _matches(project: Project, where: ProjectFilter) -> bool:
    if where.number and project.number_normalized != normalize(where.number):
        return False
    if where.name and where.name.strip() not in project.name:
        return False
    if where.discipline and where.discipline.strip() not in (project.discipline or ""):
        return False
    return all(value is None or getattr(project, name) == value for name, value in (
        ("year", where.year), ("level", where.level), ("jurisdiction", where.jurisdiction),
        ("remote_filing", where.remote_filing)))


@dataclass
class FakeHoldApplicationRepository:
    """Hold applications with their steps; a list names each one's project, so it reads the registry."""

    registry: FakeProjectRepository
    applications: dict[str, HoldApplication] = field(default_factory=dict)  # the last changed last

    async def add(self, app: HoldApplication) -> None:
        self.applications[app.id] = app

    async def save(self, before: HoldApplication, after: HoldApplication) -> None:
        self.applications.pop(after.id, None)
        self.applications[after.id] = after

    async def get(self, application_id: str, *, lock: bool = False) -> HoldApplication | None:
        return self.applications.get(application_id)

    async def list(self, *, scope: Principal, status: Status | None, page: int, page_size: int) -> Page:
        found = [a for a in reversed(self.applications.values())
                 if in_scope(a, scope) and (status is None or a.status == status) and a.project_id in
                 self.registry.projects]
        return _page([self._item(a) for a in found], page, page_size)

    def _item(self, app: HoldApplication) -> dict:
        project = self.registry.projects[app.project_id]
        values = {f.name: getattr(app, f.name) for f in fields(app) if f.name != "steps"}
        return values | {"status": app.status.value, "plan": plan_to_json(app.plan), "number": project.number,
                         "name": project.name}


class FakeStoredEvidenceRepository:
    """The stored files evidence announced, by evidence id (the first announcement stays)."""

    def __init__(self):
        self.files: dict[str, StoredFile] = {}

    async def record(self, event: EvidenceStored) -> None:
        self.files.setdefault(event.evidence_id, StoredFile(event.evidence_id, event.owner_id, event.kind,
                                                            event.size))

    async def stored_files(self, evidence_ids: Iterable[str]) -> dict[str, StoredFile]:
        return {i: self.files[i] for i in evidence_ids if i in self.files}
