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
from cme_evidence.domain import access
from cme_evidence.domain.evidence import Subject, subject_of
from cme_evidence.domain.kinds import kind_named
from cme_evidence.entrypoints.dependencies import (
    UPLOADERS,
    UoW,
    body_chunks,
    declared_size,
    object_store,
    settings_of,
    view,
)
from cme_evidence.service_layer import commands, reading
from cme_evidence.service_layer.assembly import assemble_pictures, check_count
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


@router.post("", status_code=201)
async def upload(request: Request, uow: UoW, kind: str, filename: str | None = Query(default=None, max_length=300),
                 subject_type: str | None = Query(default=None, pattern=SUBJECT_TYPE),
                 subject_id: str | None = Query(default=None, min_length=1, max_length=100),
                 principal: Principal = Depends(uploaders),
                 store: ObjectStore = Depends(object_store)) -> dict:
    """Upload one file as the raw body; publishes `EvidenceStored` (上传证明材料)."""
    intent = commands.Intent(kind_named(kind), filename, subject_of(subject_type, subject_id))
    return view(await commands.take_upload(uow, store, body_chunks(request), access.uploader_of(principal), intent,
                                           settings_of(request).evidence_spool_bytes, declared_size(request)))


@router.post("/assemble", status_code=201)
async def assemble(body: AssembleIn, request: Request, uow: UoW, principal: Principal = Depends(uploaders),
                   store: ObjectStore = Depends(object_store)) -> dict:
    """Put the caller's pictures into one PDF, a page each in the order given (合并为一个PDF)."""
    kind = kind_named(body.kind)
    settings = settings_of(request)
    check_count(len(body.image_ids), settings.evidence_max_assembled_images)
    return view(await assemble_pictures(uow, store, principal, body.image_ids, kind, body.filename,
                                        body.subject_type, body.subject_id, settings.evidence_spool_bytes))


@router.get("/{evidence_id}")
async def read(evidence_id: str, uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """A file's metadata, for those who may see the record it supports."""
    return view(await reading.read_evidence(uow, principal, evidence_id))


@router.get("/{evidence_id}/download", response_model=None)
async def download(evidence_id: str, request: Request, uow: UoW, principal: Principal = Depends(current_principal),
                   store: ObjectStore = Depends(object_store)) -> dict | RedirectResponse:
    """A short-lived presigned URL to the file (下载链接); never issued to whoever may not read it.

    A browser following a reviewer's 预览 link is sent on to the file itself; a system gets the URL.
    """
    evidence = await reading.issue_download(uow, principal, evidence_id)
    ttl = settings_of(request).evidence_download_ttl_seconds
    url = store.download_url(evidence.object_key, timedelta(seconds=ttl), evidence.filename, evidence.content_type)
    if "text/html" in request.headers.get("accept", ""):
        return RedirectResponse(url, status_code=303)
    return {"evidence_id": evidence.id, "url": url, "expires_in_seconds": ttl, "filename": evidence.filename,
            "sha256": evidence.sha256}


@router.post("/{evidence_id}/versions", status_code=201)
async def new_version(evidence_id: str, request: Request, uow: UoW,
                      filename: str | None = Query(default=None, max_length=300),
                      principal: Principal = Depends(uploaders),
                      store: ObjectStore = Depends(object_store)) -> dict:
    """Replace a file with a new version (the old one stays for the audit); publishes `EvidenceStored`."""
    return view(await commands.replace_evidence(uow, store, body_chunks(request), access.uploader_of(principal),
                                                evidence_id, filename, settings_of(request).evidence_spool_bytes,
                                                declared_size(request)))


@router.post("/{evidence_id}/attach")
async def attach(evidence_id: str, body: SubjectIn, uow: UoW,
                 principal: Principal = Depends(current_principal)) -> dict:
    """Say which record a file supports (关联到举办申请/学分申报); publishes `EvidenceAttached`."""
    evidence = await commands.attach_evidence(uow, evidence_id, principal.account_id,
                                              Subject(body.subject_type, body.subject_id))
    return view(evidence)
