"""HTTP API of the evidence service: upload, read, replace, attach, assemble.

Uploads are the raw request body (`POST /api/evidence?kind=…&filename=…`), not a
multipart form: the body streams straight into the intake with nothing to parse, a
browser sends a File with `fetch(url, {method: "POST", body: file})`, and services send
bytes as they are. Metadata travels in the query string.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.domain import access, refusals
from cme_evidence.domain.evidence import Evidence, Subject
from cme_evidence.domain.kinds import kind_named
from cme_evidence.entrypoints.deps import UPLOADERS, body_chunks, object_store, settings_of, uploader_of, view
from cme_evidence.service_layer import commands
from cme_evidence.service_layer.assembly import assemble_evidence, check_count
from cme_evidence.service_layer.intake import inspect, staged
from cme_platform.auth import Principal, current_principal, require_roles

router = APIRouter(prefix="/api/evidence", tags=["evidence"])

SUBJECT_TYPE = r"^[a-z][a-z_]{0,39}$"
uploaders = require_roles(*UPLOADERS)


class SubjectIn(BaseModel):
    """The record a file supports."""

    subject_type: str = Field(pattern=SUBJECT_TYPE, examples=["hold_application", "credit_claim"])
    subject_id: str = Field(min_length=1, max_length=100)


class AssembleIn(BaseModel):
    """Pictures already uploaded, in page order, to become one PDF."""

    image_ids: list[str] = Field(min_length=1)
    kind: str = "credit_proof"
    filename: str | None = Field(default=None, max_length=300)
    subject_type: str | None = Field(default=None, pattern=SUBJECT_TYPE)
    subject_id: str | None = Field(default=None, min_length=1, max_length=100)


def _subject(subject_type: str | None, subject_id: str | None) -> Subject | None:
    if (subject_type is None) != (subject_id is None):
        raise refusals.incomplete_subject()
    return Subject(subject_type, subject_id) if subject_type else None


async def _take(request: Request, store: ObjectStore, principal: Principal, intent: commands.Intent) -> Evidence:
    """Stream the body in, check it, store it: the one path every upload takes."""
    settings = settings_of(request)
    async with staged(body_chunks(request, intent.kind), intent.kind, settings.evidence_spool_bytes) as upload:
        file_type = await inspect(upload, intent.kind)
        return await commands.store_evidence(request.app.state.runtime.uow(), store, upload, file_type,
                                             uploader_of(principal), intent)


@router.post("", status_code=201)
async def upload(request: Request, kind: str, filename: str | None = Query(default=None, max_length=300),
                 subject_type: str | None = Query(default=None, pattern=SUBJECT_TYPE),
                 subject_id: str | None = Query(default=None, min_length=1, max_length=100),
                 principal: Principal = Depends(uploaders),
                 store: ObjectStore = Depends(object_store)) -> dict:
    """Upload one file as the raw body; publishes `EvidenceStored` (上传证明材料)."""
    intent = commands.Intent(kind_named(kind), filename, _subject(subject_type, subject_id))
    return view(await _take(request, store, principal, intent))


@router.post("/assemble", status_code=201)
async def assemble(body: AssembleIn, request: Request, principal: Principal = Depends(uploaders),
                   store: ObjectStore = Depends(object_store)) -> dict:
    """Put the caller's pictures into one PDF, a page each in the order given (合并为一个PDF)."""
    kind = kind_named(body.kind)
    check_count(len(body.image_ids), settings_of(request).evidence_max_assembled_images)
    images = [await commands.find_evidence(request.app.state.runtime.uow(), i) for i in body.image_ids]
    for image in images:
        access.check_owner(principal, image)
    intent = commands.Intent(kind, body.filename, _subject(body.subject_type, body.subject_id),
                             assembled_from=tuple(body.image_ids))
    evidence = await assemble_evidence(request.app.state.runtime.uow(), store, images, uploader_of(principal),
                                       intent, settings_of(request).evidence_spool_bytes)
    return view(evidence)


@router.get("/{evidence_id}")
async def read(evidence_id: str, request: Request, principal: Principal = Depends(current_principal)) -> dict:
    """A file's metadata, for those who may see the record it supports."""
    evidence = await commands.find_evidence(request.app.state.runtime.uow(), evidence_id)
    access.check_read(principal, evidence)
    return view(evidence)


@router.get("/{evidence_id}/download", response_model=None)
async def download(evidence_id: str, request: Request, principal: Principal = Depends(current_principal),
                   store: ObjectStore = Depends(object_store)) -> dict | RedirectResponse:
    """A short-lived presigned URL to the file (下载链接); never issued to whoever may not read it.

    A browser following a reviewer's 预览 link is sent on to the file itself; a system gets the URL.
    """
    evidence = await commands.find_evidence(request.app.state.runtime.uow(), evidence_id)
    access.check_read(principal, evidence)
    await commands.record_download(request.app.state.runtime.uow(), evidence, principal.account_id, principal.role)
    ttl = settings_of(request).evidence_download_ttl_seconds
    url = store.download_url(evidence.object_key, timedelta(seconds=ttl), evidence.filename, evidence.content_type)
    if "text/html" in request.headers.get("accept", ""):
        return RedirectResponse(url, status_code=303)
    return {"evidence_id": evidence.id, "url": url, "expires_in_seconds": ttl, "filename": evidence.filename,
            "sha256": evidence.sha256}


@router.post("/{evidence_id}/versions", status_code=201)
async def new_version(evidence_id: str, request: Request, filename: str | None = Query(default=None, max_length=300),
                      principal: Principal = Depends(uploaders),
                      store: ObjectStore = Depends(object_store)) -> dict:
    """Replace a file with a new version (the old one stays for the audit); publishes `EvidenceStored`."""
    previous = await commands.latest_owned(request.app.state.runtime.uow(), evidence_id, principal.account_id)
    intent = commands.Intent(kind_named(previous.kind), filename or previous.filename, previous=previous)
    return view(await _take(request, store, principal, intent))


@router.post("/{evidence_id}/attach")
async def attach(evidence_id: str, body: SubjectIn, request: Request,
                 principal: Principal = Depends(current_principal)) -> dict:
    """Say which record a file supports (关联到举办申请/学分申报); publishes `EvidenceAttached`."""
    evidence = await commands.attach_evidence(request.app.state.runtime.uow(), evidence_id, principal.account_id,
                                              Subject(body.subject_type, body.subject_id))
    return view(evidence)
