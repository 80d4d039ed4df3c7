"""A reviewer refuses a stored file as proof (材料不予认可), with the reason.

The file stays (its versions and the audit stream keep what was shown); the refusal is an
integration event in the reviewer's transaction, so the uploader is told (notifications) and
uploads a new version.
"""

from __future__ import annotations

from cme_contracts.events import EvidenceRefused
from cme_evidence.domain import access, refusals
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork
from cme_platform.auth import Principal
from cme_platform.errors import DomainError, Forbidden


async def refuse_evidence(uow: EvidenceUnitOfWork, reviewer: Principal, evidence_id: str,
                          reason: str) -> EvidenceRefused:
    """Publish `EvidenceRefused`: only a reviewer who may read the file, never its uploader."""
    if not reason.strip():
        raise DomainError("evidence.refusal_reason_required", "不予认可须填写理由")
    async with uow:
        evidence = await uow.evidence.get(evidence_id)
        if evidence is None:
            raise refusals.not_found(evidence_id)
        access.check_read(reviewer, evidence)
        if reviewer.account_id == evidence.uploader.account_id:
            raise Forbidden("evidence.refuse_own", "不能对自己上传的材料作出不予认可", evidence_id=evidence_id)
        event = EvidenceRefused(
            evidence_id=evidence.id, owner_id=evidence.uploader.account_id, kind=evidence.kind,
            filename=evidence.filename, reason=reason.strip(), refused_by=reviewer.account_id,
            refused_at=uow.clock.now(), subject_type=evidence.subject.type if evidence.subject else None,
            subject_id=evidence.subject.id if evidence.subject else None)
        await uow.publish(event)
        await uow.commit()
    return event
