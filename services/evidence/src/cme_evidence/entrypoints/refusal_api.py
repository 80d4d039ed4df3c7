"""HTTP API of a reviewer's refusal of a stored file (`POST /api/evidence/{id}/refusal`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from cme_evidence.entrypoints.dependencies import UoW
from cme_evidence.service_layer.refusal import refuse_evidence
from cme_platform.auth import Principal, Role, require_roles

router = APIRouter(prefix="/api/evidence", tags=["evidence"])
reviewers = require_roles(Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE)


class RefusalIn(BaseModel):
    """Why the file does not prove what it should."""

    reason: str = Field(min_length=1, max_length=500)


@router.post("/{evidence_id}/refusal", status_code=201)
async def refuse(evidence_id: str, body: RefusalIn, uow: UoW,
                 reviewer: Principal = Depends(reviewers)) -> dict:
    """不予认可: a reviewer who may read the file refuses it with a reason; the uploader is told."""
    event = await refuse_evidence(uow, reviewer, evidence_id, body.reason)
    return event.model_dump(mode="json")
