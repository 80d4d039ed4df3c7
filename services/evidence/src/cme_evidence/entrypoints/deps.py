"""What the routes share: the store, the caller as uploader, the request body as chunks, views."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request
from starlette.requests import ClientDisconnect

from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.config import EvidenceSettings
from cme_evidence.domain import refusals
from cme_evidence.domain.evidence import Evidence, Uploader
from cme_evidence.domain.kinds import EvidenceKind
from cme_platform.auth import Principal, Role

UPLOADERS = (Role.LEARNER, Role.PROJECT_OWNER, Role.UNIT_ADMIN, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE,
             Role.REMOTE_EDUCATION)


def settings_of(request: Request) -> EvidenceSettings:
    """The service's settings."""
    return request.app.state.runtime.settings


def object_store(request: Request) -> ObjectStore:
    """The evidence bucket, through the runtime's minio client (and the public one for links)."""
    runtime = request.app.state.runtime
    return ObjectStore(runtime.s3, runtime.settings.s3_bucket, request.app.state.presigner)


def uploader_of(principal: Principal) -> Uploader:
    """The caller with the scope claims that will decide who else may read the file."""
    return Uploader(principal.account_id, principal.unit_id, principal.city_id, principal.jurisdiction)


async def body_chunks(request: Request, kind: EvidenceKind) -> AsyncIterator[bytes]:
    """The raw request body as it arrives; a declared length over the limit is refused unread."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit():
        kind.check_size(int(declared))
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
