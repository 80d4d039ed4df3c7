"""HTTP API of the projects service."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from cme_contracts.events import CreditClass, ProjectLevel
from cme_projects.domain.project import Project
from cme_projects.service_layer.commands import register_project

router = APIRouter(prefix="/api/projects", tags=["projects"])


class ProjectIn(BaseModel):
    """A project to register."""

    number: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=300)
    level: ProjectLevel
    credit_class: CreditClass
    credits: float = Field(gt=0, le=25)
    jurisdiction: str
    year: int = Field(ge=2000, le=2100)


@router.post("", status_code=201)
async def create_project(body: ProjectIn, request: Request) -> dict:
    """Register a project and publish `ProjectPublished`."""
    project = await register_project(request.app.state.runtime.uow(), Project(**body.model_dump()))
    return {"id": project.id, "number": project.number}
