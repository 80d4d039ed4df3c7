"""HTTP API of the project registry: entry, correction, import, and the public query."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile

from cme_contracts.events import ProjectLevel
from cme_platform.auth import Principal, Role, current_principal, require_roles
from cme_platform.errors import DomainError
from cme_platform.tabular import read_table
from cme_platform.web.inputs import Year
from cme_projects.domain.project import new_project
from cme_projects.entrypoints.answers import ApplicationOut, ProjectPage
from cme_projects.entrypoints.dependencies import UoW
from cme_projects.entrypoints.schemas import PlanIn, ProjectChanges, ProjectIn, ProjectOut, application_out
from cme_projects.service_layer import applications, commands, queries
from cme_projects.service_layer.queries import Page, ProjectFilter

router = APIRouter(prefix="/api/projects", tags=["projects"])

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _page_of_projects(found: Page) -> dict:
    return {"items": [ProjectOut.of(p) for p in found.items], "total": found.total, "page": found.page,
            "page_size": found.page_size}


@router.post("", status_code=201, response_model=ProjectOut)
async def register(body: ProjectIn, uow: UoW,
                   principal: Principal = Depends(require_roles(Role.PROJECT_OWNER, Role.PROVINCIAL_OFFICE))):
    """Register a project and publish `ProjectPublished` (项目登记).

    A project owner enters a national project before applying to hold it (国家级项目录入);
    the provincial office registers any project of its jurisdiction. The number is validated
    and kept as written; level and year are read from it when omitted.
    """
    # An owner's entry is always their own; only the office names an owner.
    owned_by_caller = {"owner_id", "unit_id"} if principal.role == Role.PROJECT_OWNER else set()
    values = body.model_dump(exclude={"jurisdiction"} | owned_by_caller)
    jurisdiction = body.jurisdiction or principal.jurisdiction
    if not jurisdiction:
        raise DomainError("project.jurisdiction_required", "请填写项目所属的管辖地区（jurisdiction）")
    project = commands.scope_new_project(principal, new_project(jurisdiction=jurisdiction, **values))
    return ProjectOut.of(await commands.register_project(uow, project))


@router.get("", response_model=ProjectPage)
async def query(uow: UoW, number: str | None = Query(None, description="项目编号，任意写法"),
                name: str | None = None, year: Year | None = None, level: ProjectLevel | None = None,
                discipline: str | None = None, jurisdiction: str | None = None, remote_filing: bool | None = None,
                page: int = Query(1, ge=1, le=100_000), page_size: int = Query(20, ge=1, le=200)) -> dict:
    """Public project query (项目查询): by number as written or normalised, name, year, level,
    discipline; paginated. No login needed."""
    where = ProjectFilter(number, name, year, level, discipline, jurisdiction, remote_filing)
    return _page_of_projects(await queries.search_projects(uow, where, page, page_size))


@router.get("/remote-filings", response_model=ProjectPage)
async def remote_filings(uow: UoW, jurisdiction: str, year: Year | None = None,
                         page: int = Query(1, ge=1, le=100_000), page_size: int = Query(200, ge=1, le=1000)) -> dict:
    """The remote-filing list (异地备案名单) of a jurisdiction; other services mirror it
    through `ProjectPublished` events with `remote_filing=true`."""
    where = ProjectFilter(year=year, jurisdiction=jurisdiction, remote_filing=True)
    return _page_of_projects(await queries.search_projects(uow, where, page, page_size))


@router.get("/mine", response_model=ProjectPage)
async def managed(uow: UoW, page: int = Query(1, ge=1, le=100_000), page_size: int = Query(20, ge=1, le=200),
                  principal: Principal = Depends(current_principal)) -> dict:
    """The projects the caller manages: an owner's own, a unit admin's unit's, the provincial
    office's whole jurisdiction."""
    return _page_of_projects(await queries.managed_projects(uow, principal, page, page_size))


@router.post("/imports")
async def import_list(uow: UoW, file: UploadFile = File(..., description="CSV 或 XLSX"),
                      remote_filing: bool = Form(False, description="异地备案名单"),
                      principal: Principal = Depends(require_roles(Role.PROVINCIAL_OFFICE))) -> dict:
    """Import a published project list or a remote-filing list (CSV or XLSX) into the office's
    jurisdiction. Re-importing the same file changes nothing; bad rows are reported with their
    line and reason while the good rows import."""
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise DomainError("import.too_large", "导入文件不能超过 10M", limit=MAX_IMPORT_BYTES)
    if not principal.jurisdiction:
        raise DomainError("project.jurisdiction_required", "账号未关联管辖地区，不能导入名单")
    table = read_table(content, file.filename or "")
    report = await commands.import_list(uow, table, jurisdiction=principal.jurisdiction,
                                        remote_filing=remote_filing)
    return {"imported": report.imported, "updated": report.updated, "unchanged": report.unchanged,
            "problems": [asdict(p) for p in report.problems]}


@router.get("/{project_id}", response_model=ProjectOut)
async def show(project_id: str, uow: UoW):
    """One project of the registry (public)."""
    return ProjectOut.of(await queries.project(uow, project_id))


@router.patch("/{project_id}", response_model=ProjectOut)
async def correct(project_id: str, body: ProjectChanges, uow: UoW,
                  principal: Principal = Depends(current_principal)):
    """Correct a project's details (venue, dates, lead …); its owner, unit or office only.
    The number, name and credits cannot change. Publishes `ProjectPublished` again."""
    changes = body.model_dump(exclude_unset=True)
    return ProjectOut.of(await commands.correct_project(uow, principal, project_id, changes))


@router.post("/{project_id}/hold-applications", status_code=201, response_model=ApplicationOut)
async def apply_to_hold(project_id: str, body: PlanIn, uow: UoW,
                        principal: Principal = Depends(current_principal)) -> dict:
    """Draft an application to hold a session of the project (项目举办申请), by its owner:
    venue, days and times, expected attendance, QR windows and period, notice and schedule."""
    app = await applications.apply_to_hold(uow, principal, project_id, body.to_plan())
    return application_out(app)
