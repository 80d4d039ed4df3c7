"""HTTP API of compliance proofs (学分达标证明) and the transcript export (学分档案导出).

Included before the certificate routes: `/api/certificates/transcript` would otherwise be taken
for a certificate number.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cme_certificates.adapters.proofs import StoredProof
from cme_certificates.domain.proof import Disclosure
from cme_certificates.entrypoints.dependencies import UoW, bearer_token, lookup_limit, runtime_of
from cme_certificates.entrypoints.views import proof_verdict_view
from cme_certificates.service_layer import proofs, transcript
from cme_platform.auth import Principal, Role, optional_principal, require_roles
from cme_platform.tabular import TableFormat
from cme_platform.web.downloads import TABLE_RESPONSES, table_format, table_response
from cme_platform.web.inputs import Year

router = APIRouter(prefix="/api/certificates", tags=["compliance proofs"])
Learner = Annotated[Principal, Depends(require_roles(Role.LEARNER))]
Token = Annotated[str | None, Query(max_length=64)]
JSON_LD = "application/ld+json"


class ProofIn(BaseModel):
    """What the learner asks a proof for: the years, their staff level (for the 5-year national
    rule: 省级医疗卫生单位、三级医院人员), and what personal data it shows."""

    years: list[Year] = Field(min_length=1, max_length=5, examples=[[2025, 2026]])
    staff_level: str | None = Field(default=None, max_length=40, examples=["tertiary_hospital"])
    show_name: bool = True
    show_unit: bool = False
    show_id_number: bool = Field(default=False, description="The ID number, masked (5101**********123X).")


@router.post("/compliance-proofs", status_code=201)
async def issue_proof(request: Request, uow: UoW, body: ProofIn, learner: Learner) -> dict:
    """开具学分达标证明: a signed proof of the learner's compliance in the chosen years."""
    runtime = runtime_of(request)
    stored = await proofs.issue_proof(
        uow, runtime.authority, runtime.credits_api, learner, bearer_token(request), years=body.years,
        staff_level=body.staff_level,
        disclosure=Disclosure(name=body.show_name, unit=body.show_unit, id_number=body.show_id_number))
    return {"proof_id": stored.proof_id, **_links(request, stored.proof_id), "credential": stored.credential}


def _links(request: Request, proof_id: str) -> dict:
    authority = runtime_of(request).authority
    path, token = f"/api/certificates/compliance-proofs/{proof_id}", authority.proof_token(proof_id)
    return {"verify_url": authority.proof_link(proof_id), "pdf_url": f"{path}/pdf?token={token}",
            "credential_url": f"{path}/credential?token={token}"}


async def _opened(request: Request, uow: UoW, proof_id: str, token: str | None,
                  principal: Principal | None) -> StoredProof:
    valid = runtime_of(request).authority.proof_token_valid(proof_id, token)
    return await proofs.proof_for(uow, proof_id, token_valid=valid, principal=principal)


Caller = Annotated[Principal | None, Depends(optional_principal)]


@router.get("/compliance-proofs/{proof_id}", dependencies=[Depends(lookup_limit)])
async def verify_proof(request: Request, uow: UoW, proof_id: str, caller: Caller, token: Token = None) -> dict:
    """达标证明验证: the verdict, with each listed credit's certificate state now (the token, or its learner)."""
    stored = await _opened(request, uow, proof_id, token, caller)
    return proof_verdict_view(await proofs.check_stored(uow, stored, runtime_of(request).authority))


@router.get("/compliance-proofs/{proof_id}/pdf", dependencies=[Depends(lookup_limit)])
async def proof_pdf(request: Request, uow: UoW, proof_id: str, caller: Caller, token: Token = None,
                    download: bool = False) -> Response:
    """The proof's PDF (with its QR code to the verify page)."""
    stored = await _opened(request, uow, proof_id, token, caller)
    pdf = await proofs.proof_pdf(stored, runtime_of(request).authority)
    disposition = "attachment" if download else "inline"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="compliance-proof-{proof_id}.pdf"'})


@router.get("/compliance-proofs/{proof_id}/credential", dependencies=[Depends(lookup_limit)])
async def proof_credential(request: Request, uow: UoW, proof_id: str, caller: Caller, token: Token = None) -> Response:
    """The signed compliance credential (JSON-LD), to hand to a committee or upload on the verify page."""
    stored = await _opened(request, uow, proof_id, token, caller)
    return _json(stored.credential, f'attachment; filename="compliance-proof-{proof_id}.json"')


@router.get("/transcript", responses=TABLE_RESPONSES)
async def export_transcript(request: Request, uow: UoW, learner: Learner,
                            fmt: TableFormat | None = Depends(table_format)) -> Response:
    """学分档案导出: the learner's credits as a Verifiable Presentation (JSON), or `format=xlsx|csv`."""
    items = await transcript.transcript_of(uow, learner)
    if fmt:
        return table_response(transcript.COLUMNS, transcript.rows(items, runtime_of(request).authority.urls), fmt,
                              filename="继续医学教育学分档案", fallback="cme-transcript")
    created: datetime = uow.clock.now().replace(microsecond=0)
    return _json(transcript.presentation(items, created), 'attachment; filename="cme-transcript.json"')


def _json(body: dict, disposition: str) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, indent=2), media_type=JSON_LD,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})
