"""Operations on the evidence store: orphaned uploads, reported and cleaned (孤儿文件清理).

For the provincial office of a jurisdiction, over the files its people uploaded.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Query, Request

from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.entrypoints.dependencies import UoW, object_store, settings_of, view
from cme_evidence.service_layer.orphans import clean_orphans, find_orphans
from cme_platform.auth import Principal, Role, require_roles

router = APIRouter(prefix="/api/evidence/orphans", tags=["evidence operations"])
operators = require_roles(Role.PROVINCIAL_OFFICE)


def _grace(request: Request, older_than_hours: float | None) -> timedelta:
    return timedelta(hours=older_than_hours if older_than_hours is not None
                     else settings_of(request).evidence_orphan_after_hours)


@router.get("")
async def report(request: Request, uow: UoW, older_than_hours: float | None = Query(default=None, ge=0, le=87_600),
                 principal: Principal = Depends(operators)) -> dict:
    """Files stored but never attached for longer than the grace period, oldest first."""
    grace = _grace(request, older_than_hours)
    orphans = await find_orphans(uow, grace, principal.jurisdiction)
    return {"older_than_hours": grace.total_seconds() / 3600, "count": len(orphans),
            "total_bytes": sum(o.size for o in orphans), "items": [view(o) for o in orphans]}


@router.post("/cleanup")
async def cleanup(request: Request, uow: UoW, older_than_hours: float | None = Query(default=None, ge=0, le=87_600),
                  principal: Principal = Depends(operators), store: ObjectStore = Depends(object_store)) -> dict:
    """Remove the orphans (object and row), each recorded on the audit stream."""
    grace = _grace(request, older_than_hours)
    removed = await clean_orphans(uow, store, grace, principal.jurisdiction, principal.account_id)
    return {"removed": removed, "count": len(removed)}
