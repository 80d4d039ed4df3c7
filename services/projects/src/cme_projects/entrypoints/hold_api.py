"""HTTP API of the hold-application workflow (举办申请): revise, submit, confirm, approve, return."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from cme_platform.auth import Principal, current_principal
from cme_projects.domain.hold_application import Status
from cme_projects.entrypoints.answers import ApplicationOut, ApplicationPage
from cme_projects.entrypoints.dependencies import UoW
from cme_projects.entrypoints.schemas import PlanIn, ReturnIn, application_out
from cme_projects.service_layer import applications, queries

router = APIRouter(prefix="/api/projects/hold-applications", tags=["hold applications"])


@router.get("", response_model=ApplicationPage)
async def list_in_scope(uow: UoW, status: Status | None = None, page: int = Query(1, ge=1, le=100_000),
                        page_size: int = Query(20, ge=1, le=200),
                        principal: Principal = Depends(current_principal)) -> dict:
    """Applications the caller may see, by status: an owner's own, a unit admin's unit's,
    the provincial office's whole jurisdiction."""
    found = await queries.list_applications(uow, principal, status, page, page_size)
    items = [{"id": r["id"], "project_id": r["project_id"], "project_number": r["number"], "project_name": r["name"],
              "status": r["status"], "owner_id": r["owner_id"], "unit_id": r["unit_id"],
              "submitted_at": r["submitted_at"], "return_reason": r["return_reason"], "session_id": r["session_id"]}
             for r in found.items]
    return {"items": items, "total": found.total, "page": page, "page_size": page_size}


@router.get("/{application_id}", response_model=ApplicationOut)
async def show(application_id: str, uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """One application with its plan and every step taken (who and when)."""
    return application_out(await queries.application(uow, principal, application_id))


@router.put("/{application_id}", response_model=ApplicationOut)
async def revise(application_id: str, body: PlanIn, uow: UoW,
                 principal: Principal = Depends(current_principal)) -> dict:
    """The owner revises a draft or a returned application."""
    return application_out(await applications.revise(uow, principal, application_id, body.to_plan()))


@router.post("/{application_id}/submit", response_model=ApplicationOut)
async def submit(application_id: str, uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """The owner submits (提交申请) or resubmits it; refused when a required file is not stored
    or the jurisdiction's lead time has passed (the refusal names the date it was due)."""
    return application_out(await applications.submit(uow, principal, application_id))


@router.post("/{application_id}/confirm", response_model=ApplicationOut)
async def confirm(application_id: str, uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """The owner's unit admin confirms it and forwards it to the provincial office (确认上报)."""
    return application_out(await applications.confirm(uow, principal, application_id))


@router.post("/{application_id}/approve", response_model=ApplicationOut)
async def approve(application_id: str, uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """The provincial office approves it (审核通过); publishes `HoldApplicationApproved` with the
    session's schedule, QR windows, refresh period and required hours."""
    return application_out(await applications.approve(uow, principal, application_id))


@router.post("/{application_id}/return", response_model=ApplicationOut)
async def return_for_revision(application_id: str, body: ReturnIn, uow: UoW,
                              principal: Principal = Depends(current_principal)) -> dict:
    """The provincial office returns it for revision with a reason (退回修改)."""
    return application_out(await applications.return_for_revision(uow, principal, application_id,
                                                                   body.reason))
