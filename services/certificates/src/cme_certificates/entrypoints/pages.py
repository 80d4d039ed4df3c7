"""Public pages in Chinese (`/certificates/...`): query, verify, print. Server-rendered, no CDN."""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cme_certificates.domain.access import Access
from cme_certificates.entrypoints.api import public_query
from cme_certificates.entrypoints.dependencies import UoW, access_of, lookup_limit, runtime_of
from cme_certificates.entrypoints.views import certificate_view, proof_verdict_view, verdict_view
from cme_certificates.service_layer import proofs, queries
from cme_platform.credentials.submission import read_submission
from cme_platform.errors import DomainError
from cme_platform.web.shell import page_templates

pages = APIRouter(prefix="/certificates", tags=["certificate pages"], include_in_schema=False)
templates = page_templates(files("cme_certificates") / "templates",
                           links=(("/certificates", "证书查询"), ("/certificates/verify", "证书验证")))


@pages.get("", response_class=HTMLResponse)
async def query_page(request: Request, uow: UoW, project_number: str | None = None, name: str | None = None,
                     id_number: str | None = None) -> Response:
    """学员证书查询: the form, and the masked results when a query was sent. The ID number typed
    is never written back into the page (it would sit in caches and shoulder views)."""
    context: dict[str, Any] = {"project_number": project_number or "", "name": name or "", "items": None, "errors": {}}
    status = 200
    if project_number or name or id_number:
        try:
            found = await public_query(request, uow, project_number, name, id_number)
            context["items"] = [certificate_view(c, runtime_of(request).authority.urls) for c in found]
        except DomainError as error:
            context["errors"], status = {_query_field(error, project_number, name): error.message}, error.status_code
    return templates.TemplateResponse(request, "query.html", context, status_code=status)


def _query_field(error: DomainError, project_number: str | None, name: str | None) -> str:
    # The field to fix: the ID number when it is the one refused, else the half of the pair left empty.
    if error.code == "id_number.invalid":
        return "id_number"
    return "name" if project_number and not (name or "").strip() else "project_number"


@pages.get("/verify", response_class=HTMLResponse)
async def verify_form(request: Request, number: str | None = None, name: str | None = None) -> Response:
    """证书验证: enter a number and the learner's name, or paste or upload a credential JSON."""
    if number:
        query = f"?{urlencode({'name': name.strip()})}" if name else ""
        return RedirectResponse(f"/certificates/verify/{quote(number.strip())}{query}", status_code=303)
    return templates.TemplateResponse(request, "verify.html", {"result": None, "error": None})


@pages.post("/verify", response_class=HTMLResponse)
async def verify_pasted(request: Request, uow: UoW) -> Response:
    """The verdict on a pasted or uploaded credential, or an uploaded certificate PDF; or on a compliance
    proof's JSON or PDF, with each of its credits' certificate states now."""
    try:
        submitted = await read_submission(request)
    except DomainError as error:
        return templates.TemplateResponse(request, "verify.html", {"result": None, "error": error},
                                          status_code=error.status_code)
    authority = runtime_of(request).authority
    proof = await proofs.verify_submitted(uow, submitted, authority)
    if proof is not None:
        return templates.TemplateResponse(request, "verify.html", {"proof": proof_verdict_view(proof), "error": None})
    result = verdict_view(await queries.verify_submitted(uow, submitted, authority), authority.urls)
    return templates.TemplateResponse(request, "verify.html", {"result": result, "error": None})


@pages.get("/verify/{number}", response_class=HTMLResponse, dependencies=[Depends(lookup_limit)])
async def verify_page(request: Request, uow: UoW, number: str, access: Annotated[Access, Depends(access_of)],
                      token: str | None = None) -> Response:
    """The page a certificate's QR code opens (with its token), or the number + name form leads
    to: its verdict and, if the visitor may see it, its details."""
    runtime = runtime_of(request)
    result = await queries.verify_number(uow, number, access)
    token = token if access.token_valid else None
    # An unknown number is said under the number on the form, kept for retyping (HTTP 200: a verdict).
    return templates.TemplateResponse(request, "verify.html", {
        "result": verdict_view(result, runtime.authority.urls, token=token), "token": token, "error": None,
        "number": number, "name": request.query_params.get("name", "")})


@pages.get("/{number}/print", dependencies=[Depends(lookup_limit)])
async def print_certificate(request: Request, uow: UoW, number: str,
                            access: Annotated[Access, Depends(access_of)]) -> Response:
    """打印: the PDF inline, for the browser's print dialog (the learner, or with the QR's token)."""
    pdf = await queries.certificate_pdf(uow, number, access, runtime_of(request).renderer)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{number}.pdf"'})
