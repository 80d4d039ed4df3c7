"""What a route is handed besides its input: a fresh, un-entered unit of work for its use case, the store,
the settings; and what the routes share: the request body as chunks, the JSON view of a file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.requests import ClientDisconnect

from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.config import EvidenceSettings
from cme_evidence.domain import refusals
from cme_evidence.domain.evidence import Evidence
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork
from cme_platform.auth import Role
from cme_platform.web.dependencies import unit_of_work

UPLOADERS = (Role.LEARNER, Role.PROJECT_OWNER, Role.UNIT_ADMIN, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE,
             Role.REMOTE_EDUCATION)



def settings_of(request: Request) -> EvidenceSettings:
    """The service's settings."""
    return request.app.state.runtime.settings


async def object_store(request: Request) -> ObjectStore:
    """The evidence bucket, through the runtime's minio client (and the public one for links)."""
    runtime = request.app.state.runtime
    return ObjectStore(runtime.s3, runtime.settings.s3_bucket, request.app.state.presigner)


UoW = Annotated[EvidenceUnitOfWork, Depends(unit_of_work)]
Settings = Annotated[EvidenceSettings, Depends(settings_of)]


def declared_size(request: Request) -> int | None:
    """The body's declared length, when the client says it (a length over the kind's limit is refused unread)."""
    declared = request.headers.get("content-length")
    return int(declared) if declared and declared.isdigit() else None


async def body_chunks(request: Request) -> AsyncIterator[bytes]:
    """The raw request body as it arrives."""
    try:
        async for chunk in request.stream():
            if chunk:
                yield chunk
    except ClientDisconnect:
        raise refusals.interrupted() from None


def view(evidence: Evidence) -> dict:
    """The JSON shape of evidence metadata (never the storage key)."""
    return {
        "evidence_id": evidence.id, "owner_id": evidence.uploader.account_id, "kind": evidence.kind,
        "filename": evidence.filename, "content_type": evidence.content_type, "size": evidence.size,
        "sha256": evidence.sha256, "stored_at": evidence.stored_at.isoformat(), "version": evidence.version,
        "supersedes": evidence.supersedes,
        "subject_type": evidence.subject.type if evidence.subject else None,
        "subject_id": evidence.subject.id if evidence.subject else None,
        "assembled_from": list(evidence.assembled_from),
    }
