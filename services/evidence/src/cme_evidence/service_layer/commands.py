"""Commands of the evidence service: take an upload in, store, replace, attach."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

from cme_contracts.events import EvidenceAttached, EvidenceStored
from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.domain import refusals
from cme_evidence.domain.evidence import Evidence, Subject, Uploader, new_evidence
from cme_evidence.domain.filenames import safe_filename
from cme_evidence.domain.filetypes import FileType
from cme_evidence.domain.kinds import EvidenceKind, kind_named
from cme_evidence.service_layer.intake import StagedFile, inspect, staged
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork


@dataclass(frozen=True)
class Intent:
    """What the uploader says about a file: its kind, its name, what it supports."""

    kind: EvidenceKind
    filename: str | None = None
    subject: Subject | None = None
    previous: Evidence | None = None
    assembled_from: tuple[str, ...] = ()


async def take_upload(uow: EvidenceUnitOfWork, store: ObjectStore, chunks: AsyncIterator[bytes], uploader: Uploader,
                      intent: Intent, spool_bytes: int, declared_size: int | None = None) -> Evidence:
    """Stream a file in, check it, store it: the one path every upload takes (上传证明材料), assembled PDFs too.

    A declared size over the kind's limit is refused before a byte is read.
    """
    if declared_size is not None:
        intent.kind.check_size(declared_size)
    async with staged(chunks, intent.kind, spool_bytes) as upload:
        file_type = await inspect(upload, intent.kind)
        return await store_evidence(uow, store, upload, file_type, uploader, intent)


async def replace_evidence(uow: EvidenceUnitOfWork, store: ObjectStore, chunks: AsyncIterator[bytes],
                           uploader: Uploader, evidence_id: str, filename: str | None, spool_bytes: int,
                           declared_size: int | None = None) -> Evidence:
    """A new version of the uploader's latest version of a file, of the same kind (the old one stays)."""
    previous = await latest_owned(uow, evidence_id, uploader.account_id)
    intent = Intent(kind_named(previous.kind), filename or previous.filename, previous=previous)
    return await take_upload(uow, store, chunks, uploader, intent, spool_bytes, declared_size)


async def store_evidence(uow: EvidenceUnitOfWork, store: ObjectStore, upload: StagedFile, file_type: FileType,
                         uploader: Uploader, intent: Intent) -> Evidence:
    """Put a verified file into storage, then record it and announce `EvidenceStored` (存储材料).

    The object is written first: if the row cannot be committed the object is removed
    again, so a failure leaves neither (and a row never points at missing bytes).
    """
    evidence = new_evidence(
        uploader, intent.kind.name, safe_filename(intent.filename, file_type), file_type.content_type,
        upload.size, upload.sha256, subject=intent.subject, previous=intent.previous,
        assembled_from=intent.assembled_from, stored_at=uow.clock.now(),
    )
    await store.put(evidence.object_key, upload.file, upload.size, evidence.content_type, evidence.sha256)
    try:
        async with uow:
            await uow.evidence.add(evidence)  # a version replaced meanwhile is refused here (not latest)
            await uow.publish(_stored_event(evidence))
            await uow.commit()
    except BaseException:
        # Shielded: a cancelled request must still take its object back out.
        await asyncio.shield(_remove_quietly(store, evidence.object_key))
        raise
    return evidence


async def latest_owned(uow: EvidenceUnitOfWork, evidence_id: str, caller_id: str) -> Evidence:
    """The version a caller wants to replace: theirs, and not already replaced."""
    async with uow:
        previous = await uow.evidence.get(evidence_id)
        if previous is None:
            raise refusals.not_found(evidence_id)
        if previous.uploader.account_id != caller_id:
            raise refusals.not_owner(evidence_id)
        successor = await uow.evidence.successor_of(evidence_id)
    if successor is not None:
        raise refusals.not_latest(evidence_id, successor)
    return previous


async def attach_evidence(uow: EvidenceUnitOfWork, evidence_id: str, caller_id: str, subject: Subject) -> Evidence:
    """Record that a file supports subject and announce `EvidenceAttached` (关联材料); idempotent."""
    async with uow:
        evidence = await uow.evidence.get(evidence_id, for_update=True)
        if evidence is None:
            raise refusals.not_found(evidence_id)
        if evidence.uploader.account_id != caller_id:
            raise refusals.not_owner(evidence_id)
        if evidence.subject == subject:
            return evidence
        attached = evidence.attach(subject)
        await record_attachment(uow, attached)
        await uow.commit()
    return attached


async def record_attachment(uow: EvidenceUnitOfWork, attached: Evidence) -> None:
    """Write that a file now supports its subject and announce `EvidenceAttached`, in uow's transaction."""
    assert attached.subject is not None, "an attached file names its subject"
    now = uow.clock.now()
    await uow.evidence.attach(attached.id, attached.subject, now)
    await uow.publish(EvidenceAttached(
        evidence_id=attached.id, owner_id=attached.uploader.account_id, kind=attached.kind,
        subject_type=attached.subject.type, subject_id=attached.subject.id, sha256=attached.sha256, attached_at=now,
    ))


def _stored_event(evidence: Evidence) -> EvidenceStored:
    return EvidenceStored(
        evidence_id=evidence.id, owner_id=evidence.uploader.account_id, kind=evidence.kind,
        subject_type=evidence.subject.type if evidence.subject else None,
        subject_id=evidence.subject.id if evidence.subject else None,
        sha256=evidence.sha256, size=evidence.size, content_type=evidence.content_type,
        filename=evidence.filename, stored_at=evidence.stored_at,
        file_version=evidence.version, supersedes=evidence.supersedes,
    )


async def _remove_quietly(store: ObjectStore, key: str) -> None:
    try:
        await store.remove(key)
    except refusals.StorageUnavailable:
        pass  # storage is down too; the object has no row, so no reader can reach it
