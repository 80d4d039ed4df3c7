"""Commands on the registry: register a project, correct it, import a published list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from cme_platform.access import Place, oversees
from cme_platform.auth import Principal, Role
from cme_platform.errors import Conflict, DomainError, Forbidden, NotFound
from cme_projects.domain.access import require_scope
from cme_projects.domain.project import Project
from cme_projects.domain.project_list import RowProblem, map_header, read_row
from cme_projects.domain.rules import rule_set
from cme_projects.service_layer import events
from cme_projects.service_layer.unit_of_work import ProjectsUnitOfWork


def scope_new_project(principal: Principal, project: Project) -> Project:
    """Who owns a newly entered project, by who enters it.

    An owner enters a national project for themself (国家级项目录入, seed 003 §1.2); the
    provincial office registers any project of its own jurisdiction, naming its owner.
    """
    rule_set(project.jurisdiction)
    if principal.role == Role.PROJECT_OWNER:
        if not principal.unit_id:
            raise Forbidden("access.no_unit", "立项用户账号未关联单位，不能录入项目")
        return replace(project, owner_id=principal.account_id, unit_id=principal.unit_id)
    if principal.role == Role.PROVINCIAL_OFFICE and oversees(principal, Place(project.jurisdiction)):
        return project
    raise Forbidden("access.out_of_scope", "只能录入本省管辖范围内的项目", jurisdiction=project.jurisdiction)


async def register_project(uow: ProjectsUnitOfWork, project: Project) -> Project:
    """Add a project to the registry and announce it (项目公布); a duplicate number is refused."""
    async with uow:
        if await uow.projects.find(project.jurisdiction, project.number_normalized, project.session_no):
            raise _duplicate(project)
        if not await uow.projects.add(project):
            raise _duplicate(project)  # a concurrent registration of the same number won
        await uow.publish(events.project_published(project))
        await uow.commit()
    return project


def _duplicate(project: Project) -> Conflict:
    return Conflict("project.duplicate", f"项目编号“{project.number}”第{project.session_no}期已登记",
                    number=project.number, session_no=project.session_no)


async def correct_project(uow: ProjectsUnitOfWork, principal: Principal, project_id: str, changes: dict) -> Project:
    """An owner (or their unit, or the office) corrects a project's editable details."""
    async with uow:
        project = await uow.projects.get(project_id, lock=True)
        if project is None:
            raise NotFound("project.not_found", "项目不存在", project_id=project_id)
        require_scope(principal, owner_id=project.owner_id, unit_id=project.unit_id,
                      jurisdiction=project.jurisdiction, what="项目")
        changed = project.with_changes(**changes)
        if changed != project:
            await uow.projects.save(changed)
            await uow.publish(events.project_published(changed))
        await uow.commit()
    return changed


@dataclass
class ImportReport:
    """What an import did: counts, and every refused row with its line and reason."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)


async def import_list(uow: ProjectsUnitOfWork, table: Sequence[Sequence[str]], *, jurisdiction: str,
                      remote_filing: bool) -> ImportReport:
    """Import a published list: new rows are registered, changed rows corrected, the same rows left alone.

    All good rows commit together with their events; a bad row is reported, never dropped silently.
    """
    rule_set(jurisdiction)
    if not table:
        raise DomainError("import.empty", "文件中没有内容")
    header = map_header(table[0])
    report = ImportReport()
    async with uow:
        for line, cells in _data_rows(table):
            try:
                project = read_row(cells, header, jurisdiction=jurisdiction, remote_filing=remote_filing)
            except DomainError as problem:
                report.problems.append(RowProblem(line, problem.code, problem.message))
                continue
            await _upsert(uow, project, report)
        await uow.commit()
    return report


def _data_rows(table: Sequence[Sequence[str]]) -> Iterable[tuple[int, Sequence[str]]]:
    """(line, cells) of each non-empty row after the header; lines count from 1 at the header."""
    for line, cells in enumerate(table[1:], start=2):
        if any(str(c).strip() for c in cells if c is not None):
            yield line, cells


async def _upsert(uow: ProjectsUnitOfWork, project: Project, report: ImportReport) -> None:
    existing = await uow.projects.find(project.jurisdiction, project.number_normalized, project.session_no)
    if existing is None:
        if not await uow.projects.add(project):
            raise _duplicate(project)  # a concurrent import or registration of the same number won
        report.imported += 1
    elif existing.listing() != project.listing():
        project = replace(project, id=existing.id, owner_id=existing.owner_id, unit_id=existing.unit_id)
        await uow.projects.save(project)
        report.updated += 1
    else:
        report.unchanged += 1
        return
    await uow.publish(events.project_published(project))
