"""Pages of the compliance proof (学分达标证明): the learner's form, and the page its QR code opens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cme_certificates.domain.proof import MAX_YEARS, STAFF_LEVELS, Disclosure
from cme_certificates.entrypoints.dependencies import UoW, bearer_token, lookup_limit, runtime_of
from cme_certificates.entrypoints.pages import templates
from cme_certificates.entrypoints.views import proof_verdict_view
from cme_certificates.service_layer import proofs
from cme_platform.auth import Principal, Role, optional_principal
from cme_platform.errors import DomainError

pages = APIRouter(prefix="/certificates/proofs", tags=["certificate pages"], include_in_schema=False)
Caller = Annotated[Principal | None, Depends(optional_principal)]


def _form(request: Request, uow: UoW, caller: Principal, **context) -> Response:
    this_year = proofs.this_year(uow.clock, caller.jurisdiction)
    status = context.pop("status", 200)
    return templates.TemplateResponse(request, "proof_new.html", {
        "years": list(range(this_year, this_year - MAX_YEARS, -1)), "staff_levels": STAFF_LEVELS,
        "chosen": {this_year}, "error": None, **context}, status_code=status)


@pages.get("/new", response_class=HTMLResponse)
async def new_proof(request: Request, uow: UoW, caller: Caller) -> Response:
    """开具学分达标证明: choose the years, the staff level and what personal data to show."""
    if caller is None or caller.role is not Role.LEARNER:
        return RedirectResponse("/login", status_code=303)
    return _form(request, uow, caller)


@pages.post("", response_class=HTMLResponse)
async def issue_proof(request: Request, uow: UoW, caller: Caller,
                      years: Annotated[list[int] | None, Form()] = None,
                      staff_level: Annotated[str, Form(max_length=40)] = "",
                      show: Annotated[list[str] | None, Form()] = None) -> Response:
    """Issue the proof and open its page (with its token, as its QR code does)."""
    if caller is None or caller.role is not Role.LEARNER:
        return RedirectResponse("/login", status_code=303)
    runtime = runtime_of(request)
    years, show = years or [], show or []
    disclosure = Disclosure(name="name" in show, unit="unit" in show, id_number="id_number" in show)
    try:
        stored = await proofs.issue_proof(uow, runtime.authority, runtime.credits_api, caller, bearer_token(request),
                                          years=years, staff_level=staff_level or None, disclosure=disclosure)
    except DomainError as error:
        return _form(request, uow, caller, error=error, chosen=set(years), status=error.status_code)
    link = runtime.authority.proof_link(stored.proof_id)
    return RedirectResponse(link.removeprefix(runtime.authority.urls.base), status_code=303)


@pages.get("/{proof_id}", response_class=HTMLResponse, dependencies=[Depends(lookup_limit)])
async def proof_page(request: Request, uow: UoW, proof_id: str, caller: Caller, token: str | None = None) -> Response:
    """The page a proof's QR code opens: its verdict, what it states, and each credit's state now."""
    authority = runtime_of(request).authority
    token = token if authority.proof_token_valid(proof_id, token) else None
    try:
        stored = await proofs.proof_for(uow, proof_id, token_valid=token is not None, principal=caller)
    except DomainError as error:
        return templates.TemplateResponse(request, "proof.html", {"proof": None, "error": error}, status_code=404)
    result = proof_verdict_view(await proofs.check_stored(uow, stored, authority))
    token = token or authority.proof_token(proof_id)  # its learner, signed in: links that open without it
    return templates.TemplateResponse(request, "proof.html", {"proof": result, "proof_id": proof_id, "token": token,
                                                              "error": None})
