"""Commands of the projects service."""

from __future__ import annotations

from sqlalchemy import insert

from cme_contracts.events import ProjectPublished
from cme_platform.db import UnitOfWork
from cme_projects.adapters.tables import projects
from cme_projects.domain.project import Project


async def register_project(uow: UnitOfWork, project: Project) -> Project:
    """Add a project to the registry and announce it (项目公布)."""
    async with uow:
        await uow.session.execute(insert(projects).values(
            id=project.id, number=project.number, name=project.name, level=project.level,
            credit_class=project.credit_class, credits=project.credits,
            jurisdiction=project.jurisdiction, year=project.year,
        ))
        await uow.publish(ProjectPublished(
            project_id=project.id, number=project.number, number_normalized=project.number,
            name=project.name, level=project.level, credit_class=project.credit_class,
            credits=project.credits, jurisdiction=project.jurisdiction, year=project.year,
        ))
        await uow.commit()
    return project
