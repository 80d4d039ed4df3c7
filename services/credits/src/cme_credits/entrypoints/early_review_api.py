"""HTTP API of early review (提前审核): the office's yearly window and the units' applications."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cme_credits.domain.early_review import Window
from cme_credits.entrypoints.dependencies import Today, UoW
from cme_credits.entrypoints.schemas import EarlyReviewApplicationIn, EarlyReviewWindowIn
from cme_credits.service_layer import early_review
from cme_platform.auth import Principal, Role, current_principal, require_roles
from cme_platform.web.inputs import Year

router = APIRouter(prefix="/api/credits", tags=["early review"])


@router.put("/early-review-windows/{jurisdiction}/{year}")
async def set_window(jurisdiction: str, year: Year, body: EarlyReviewWindowIn, uow: UoW,
                     principal: Principal = Depends(require_roles(Role.DISTRICT_OFFICE, Role.PROVINCIAL_OFFICE))
                     ) -> dict:
    """设置提前审核时间: the district or provincial office opens (or moves) a year's window."""
    window = Window(year=year, opens_on=body.opens_on, closes_on=body.closes_on)
    return await early_review.set_window(uow, principal, jurisdiction, window)


@router.get("/early-review-windows/{jurisdiction}/{year}")
async def get_window(jurisdiction: str, year: Year, uow: UoW,
                     principal: Principal = Depends(current_principal)) -> dict:
    """The year's window, so units and learners know when to enter and apply."""
    return await early_review.window_of(uow, jurisdiction, year)


@router.post("/early-review-applications", status_code=201)
async def apply(body: EarlyReviewApplicationIn, uow: UoW, today: Today,
                principal: Principal = Depends(require_roles(Role.UNIT_ADMIN))) -> dict:
    """关于提前审核学分的申请: a unit lists its senior-title applicants; each listed or refused."""
    return await early_review.apply(uow, principal, year=body.year, unit=body.unit,
                                    people=[p.model_dump() for p in body.people], today=today)
