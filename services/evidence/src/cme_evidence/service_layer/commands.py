"""Commands of the evidence service: store, attach, replace."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from cme_contracts.events import EvidenceAttached, EvidenceStored
from cme_evidence.adapters.repository import EvidenceRepository
from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.domain import refusals
from cme_evidence.domain.evidence import Evidence, Subject, Uploader, new_evidence
from cme_evidence.domain.filenames import safe_filename
from cme_evidence.domain.filetypes import FileType
from cme_evidence.domain.kinds import EvidenceKind
from cme_evidence.service_layer.intake import StagedFile
from cme_platform.db import UnitOfWork


@dataclass(frozen=True)
class Intent:
    """What the uploader says about a file: its kind, its name, what it supports."""

    kind: EvidenceKind
    filename: str | None = None
    subject: Subject | None = None
    previous: Evidence | None = None
    assembled_from: tuple[str, ...] = ()


async def store_evidence(uow: UnitOfWork, store: ObjectStore, upload: StagedFile, file_type: FileType,
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
            await EvidenceRepository(uow.session).add(evidence)
            await uow.publish(_stored_event(evidence))
            await uow.commit()
    except BaseException as error:
        # Shielded: a cancelled request must still take its object back out.
        await asyncio.shield(_remove_quietly(store, evidence.object_key))
        if isinstance(error, IntegrityError) and intent.previous is not None:
            raise refusals.not_latest(intent.previous.id) from error
        raise
    return evidence


async def latest_owned(uow: UnitOfWork, evidence_id: str, caller_id: str) -> Evidence:
    """The version a caller wants to replace: theirs, and not already replaced."""
    async with uow:
        repository = EvidenceRepository(uow.session)
        previous = await repository.get(evidence_id)
        if previous is None:
            raise refusals.not_found(evidence_id)
        if previous.uploader.account_id != caller_id:
            raise refusals.not_owner(evidence_id)
        successor = await repository.successor_of(evidence_id)
    if successor is not None:
        raise refusals.not_latest(evidence_id, successor)
    return previous


async def attach_evidence(uow: UnitOfWork, evidence_id: str, caller_id: str, subject: Subject) -> Evidence:
    """Record that a file supports subject and announce `EvidenceAttached` (关联材料); idempotent."""
    async with uow:
        repository = EvidenceRepository(uow.session)
        evidence = await repository.get(evidence_id, for_update=True)
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


async def record_attachment(uow: UnitOfWork, attached: Evidence) -> None:
    """Write that a file now supports its subject and announce `EvidenceAttached`, in uow's transaction."""
    now = uow.clock.now()
    await EvidenceRepository(uow.session).attach(attached.id, attached.subject, now)
    await uow.publish(EvidenceAttached(
        evidence_id=attached.id, owner_id=attached.uploader.account_id, kind=attached.kind,
        subject_type=attached.subject.type, subject_id=attached.subject.id, sha256=attached.sha256, attached_at=now,
    ))


async def find_evidence(uow: UnitOfWork, evidence_id: str) -> Evidence:
    """The evidence with this id, or a not-found refusal."""
    async with uow:
        evidence = await EvidenceRepository(uow.session).get(evidence_id)
    if evidence is None:
        raise refusals.not_found(evidence_id)
    return evidence


async def record_download(uow: UnitOfWork, evidence: Evidence, reader_id: str, role: str) -> None:
    """Put the issue of a download link on the audit stream: who looked at whose file."""
    async with uow:
        await uow.audit("evidence.download_issued", subject=evidence.id, actor=reader_id, details={
            "role": role, "owner_id": evidence.uploader.account_id, "kind": evidence.kind, "sha256": evidence.sha256,
        })
        await uow.commit()


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
