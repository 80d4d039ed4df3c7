"""Reading a file (查看证明材料): its metadata, and a download link on the audit stream.

Only those who may see the record a file supports read it (`domain/access.py`); the check is
made here, on the stored row, so every way in asks the same question.
"""

from __future__ import annotations

from cme_evidence.domain import access, refusals
from cme_evidence.domain.evidence import Evidence
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork
from cme_platform.auth import Principal


async def find_evidence(uow: EvidenceUnitOfWork, evidence_id: str) -> Evidence:
    """The evidence with this id, or a not-found refusal (whoever asks: callers check access)."""
    async with uow:
        evidence = await uow.evidence.get(evidence_id)
    if evidence is None:
        raise refusals.not_found(evidence_id)
    return evidence


async def read_evidence(uow: EvidenceUnitOfWork, reader: Principal, evidence_id: str) -> Evidence:
    """A file's metadata, for a reader who may see it."""
    evidence = await find_evidence(uow, evidence_id)
    access.check_read(reader, evidence)
    return evidence


async def issue_download(uow: EvidenceUnitOfWork, reader: Principal, evidence_id: str) -> Evidence:
    """The file a reader who may see it is about to be given a link to, the link's issue put on the audit stream:
    who looked at whose file. The caller signs the link only after this returns."""
    evidence = await read_evidence(uow, reader, evidence_id)
    async with uow:
        await uow.audit("evidence.download_issued", subject=evidence.id, actor=reader.account_id, details={
            "role": reader.role, "owner_id": evidence.uploader.account_id, "kind": evidence.kind,
            "sha256": evidence.sha256,
        })
        await uow.commit()
    return evidence
