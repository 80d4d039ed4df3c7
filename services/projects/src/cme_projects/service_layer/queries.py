"""Read side: the public project query and the scoped views of projects and hold applications.

Each query reads in a unit of its own and commits nothing; the repositories turn the caller into a `WHERE`.
"""

from __future__ import annotations

from cme_platform.auth import Principal
from cme_platform.errors import NotFound
from cme_projects.adapters.projects import Page, ProjectFilter
from cme_projects.domain.access import require_scope
from cme_projects.domain.hold_application import HoldApplication, Status
from cme_projects.domain.project import Project
from cme_projects.service_layer.unit_of_work import ProjectsUnitOfWork

__all__ = ["Page", "ProjectFilter", "application", "list_applications", "managed_projects", "project",
           "search_projects"]


async def search_projects(uow: ProjectsUnitOfWork, where: ProjectFilter, page: int, page_size: int) -> Page:
    """One page of projects matching the filter, newest year first, then by number (public)."""
    async with uow:
        return await uow.projects.search(where, page, page_size)


async def managed_projects(uow: ProjectsUnitOfWork, principal: Principal, page: int, page_size: int) -> Page:
    """The projects a principal manages (学分管理页面的项目列表), newest year first."""
    async with uow:
        return await uow.projects.managed(scope=principal, page=page, page_size=page_size)


async def project(uow: ProjectsUnitOfWork, project_id: str) -> Project:
    """One project of the registry (public), or 404."""
    async with uow:
        found = await uow.projects.get(project_id)
    if found is None:
        raise NotFound("project.not_found", "项目不存在", project_id=project_id)
    return found


async def list_applications(uow: ProjectsUnitOfWork, principal: Principal, status: Status | None,
                            page: int, page_size: int) -> Page:
    """Applications in the principal's scope, optionally of one status, most recently changed first."""
    async with uow:
        return await uow.applications.list(scope=principal, status=status, page=page, page_size=page_size)


async def application(uow: ProjectsUnitOfWork, principal: Principal, application_id: str) -> HoldApplication:
    """One application with its plan and every step taken, if the principal's scope covers it."""
    async with uow:
        found = await uow.applications.get(application_id)
    if found is None:
        raise NotFound("hold_application.not_found", "举办申请不存在", application_id=application_id)
    require_scope(principal, owner_id=found.owner_id, unit_id=found.unit_id, jurisdiction=found.jurisdiction,
                  what="举办申请")
    return found
