"""HTTP API of the certificates service (`/api/certificates/...`, and the well-known key URL)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cme_certificates.domain.access import Access
from cme_certificates.domain.model import Certificate
from cme_certificates.entrypoints.answers import Certificates
from cme_certificates.entrypoints.dependencies import UoW, access_of, lookup_limit, query_budget, runtime_of
from cme_certificates.entrypoints.views import certificate_view, proof_verdict_view, verdict_view
from cme_certificates.service_layer import proofs, queries
from cme_platform.auth import Principal, Role, require_roles
from cme_platform.credentials.submission import read_submission
from cme_platform.web.inputs import Count

router = APIRouter(prefix="/api/certificates", tags=["certificates"])
well_known = APIRouter(tags=["certificates"])
JSON_LD = "application/ld+json"


async def public_query(request: Request, uow: UoW, project_number: str | None, name: str | None,
                       id_number: str | None) -> list[Certificate]:
    """学员证书查询 within the budget: misses cost more (the API and the query page)."""
    budget = query_budget(request)
    await budget.admit(request)
    found = await queries.public_query(uow, project_number=project_number, name=name, id_number=id_number)
    await budget.record(request, bool(found))
    return found


@router.get("", response_model=Certificates)
async def query_certificates(request: Request, uow: UoW,
                             project_number: Annotated[str | None, Query(max_length=60)] = None,
                             name: Annotated[str | None, Query(max_length=50)] = None,
                             id_number: Annotated[str | None, Query(max_length=18)] = None) -> dict:
    """学员证书查询: by project number + learner name, or by ID number; results are masked."""
    found = await public_query(request, uow, project_number, name, id_number)
    return {"items": [certificate_view(c, runtime_of(request).authority.urls) for c in found]}


@router.get("/mine", response_model=Certificates)
async def my_certificates(request: Request, uow: UoW,
                          principal: Annotated[Principal, Depends(require_roles(Role.LEARNER))]) -> dict:
    """我的证书: the signed-in learner's own certificates."""
    runtime = runtime_of(request)
    found = await queries.certificates_of(uow, principal)
    return {"items": [certificate_view(c, runtime.authority.urls, token=runtime.authority.access_token(
        c.certificate_number)) for c in found]}


@router.get("/issuer")
async def issuer_profile(request: Request) -> Response:
    """The issuer's profile with the public keys that verify its credentials."""
    return _json(runtime_of(request).authority.issuer_profile(), JSON_LD)


@router.get("/keys")
async def signing_keys(request: Request) -> dict:
    """The credential verification keys as a JWK Set."""
    return runtime_of(request).authority.jwks()


@well_known.get("/.well-known/cme-certificates/jwks.json")
async def well_known_keys(request: Request) -> dict:
    """The same JWK Set at a well-known URL."""
    return runtime_of(request).authority.jwks()


@router.get("/status-lists/{list_number}")
async def status_list(request: Request, uow: UoW, list_number: Count) -> Response:
    """A signed revocation status list (BitstringStatusListCredential)."""
    return _json(await queries.status_list(uow, list_number, runtime_of(request).authority), JSON_LD)


@router.post("/verify")
async def verify_submitted(request: Request, uow: UoW,
                           submitted: Annotated[object, Depends(read_submission)]) -> dict:
    """Verify a credential JSON or a certificate PDF (body, upload or form field): valid, revoked or
    tampered; a compliance proof's JSON or PDF: valid, changed (a listed certificate revoked since) or tampered."""
    authority = runtime_of(request).authority
    proof = await proofs.verify_submitted(uow, submitted, authority)
    if proof is not None:
        return proof_verdict_view(proof)
    return verdict_view(await queries.verify_submitted(uow, submitted, authority), authority.urls)


@router.get("/{number}/verify", dependencies=[Depends(lookup_limit)])
async def verify_number(request: Request, uow: UoW, number: str,
                        access: Annotated[Access, Depends(access_of)]) -> dict:
    """Verify a certificate by the number printed on it, with the learner's `name` or the QR's `token`."""
    return verdict_view(await queries.verify_number(uow, number, access), runtime_of(request).authority.urls)


@router.get("/{number}", dependencies=[Depends(lookup_limit)])
async def get_certificate(request: Request, uow: UoW, number: str,
                          access: Annotated[Access, Depends(access_of)]) -> dict:
    """One certificate, masked, with the learner's `name` or the QR's `token`."""
    certificate, _, _ = await queries.certificate_by_number(uow, number, access)
    return certificate_view(certificate, runtime_of(request).authority.urls)


@router.get("/{number}/pdf", dependencies=[Depends(lookup_limit)])
async def certificate_pdf(request: Request, uow: UoW, number: str, access: Annotated[Access, Depends(access_of)],
                          download: Annotated[bool, Query()] = False) -> Response:
    """The certificate's PDF, inline for printing (打印) or as a download (下载): for its learner
    signed in, or with the QR's `token`."""
    pdf = await queries.certificate_pdf(uow, number, access, runtime_of(request).renderer)
    disposition = "attachment" if download else "inline"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="{number}.pdf"'})


@router.get("/{number}/credential", dependencies=[Depends(lookup_limit)])
async def certificate_credential(uow: UoW, number: str,
                                 access: Annotated[Access, Depends(access_of)]) -> Response:
    """The signed Open Badges 3.0 credential of a certificate: for its learner or with the `token`."""
    _, _, credential = await queries.certificate_by_number(uow, number, access, download=True)
    return _json(credential, JSON_LD, f'attachment; filename="{number}.json"')


def _json(body: dict, media_type: str, disposition: str | None = None) -> Response:
    headers = {"Content-Disposition": disposition} if disposition else None
    return Response(json.dumps(body, ensure_ascii=False, indent=2), media_type=media_type, headers=headers)
