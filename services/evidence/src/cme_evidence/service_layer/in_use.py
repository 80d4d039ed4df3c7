"""Files other services' records rely on: attached, so never cleaned up as orphans (孤儿文件).

The projects service names a hold application's notice and schedule when it is submitted and
when it is approved; the credits service names the files of an entry made by hand. Each named
file is attached to that record in the consumer's transaction, beside its inbox row, and
announced with `EvidenceAttached`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from cme_contracts.events import CreditEntered, HoldApplicationApproved, HoldApplicationSubmitted
from cme_evidence.domain.evidence import Subject
from cme_evidence.service_layer.commands import record_attachment
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork

log = logging.getLogger(__name__)

HOLD_APPLICATION = "hold_application"
CREDIT_CLAIM = "credit_claim"


async def attach_named(uow: EvidenceUnitOfWork, evidence_ids: Iterable[str], subject: Subject) -> None:
    """Attach every named file to subject; a file that already supports a record stays as it is."""
    for evidence_id in sorted(set(evidence_ids)):  # one lock order, so two events cannot deadlock
        evidence = await uow.evidence.get(evidence_id, for_update=True)
        if evidence is None:
            # The producer saw it stored, so it was removed since; a retry would not bring it
            # back, and dead-lettering the event would hold up the other files it names.
            log.warning("named evidence is not stored", extra={"evidence_id": evidence_id, "subject_id": subject.id})
            continue
        if evidence.subject is not None:
            # Already in use: by this record (a redelivery, or approval after submission) or by
            # another relying on the same file (an entry made again after a rejection).
            continue
        await record_attachment(uow, evidence.attach(subject))


async def on_hold_application_submitted(event: HoldApplicationSubmitted, uow: EvidenceUnitOfWork) -> None:
    """A submitted application relies on its notice and schedule (提交举办申请)."""
    await attach_named(uow, event.evidence_ids, Subject(HOLD_APPLICATION, event.application_id))


async def on_hold_application_approved(event: HoldApplicationApproved, uow: EvidenceUnitOfWork) -> None:
    """An approved application keeps them; handled too for a submission announced without its ids."""
    await attach_named(uow, event.evidence_ids, Subject(HOLD_APPLICATION, event.application_id))


async def on_credit_entered(event: CreditEntered, uow: EvidenceUnitOfWork) -> None:
    """An entry made by hand relies on its proofs (录入学分)."""
    await attach_named(uow, event.evidence_ids, Subject(CREDIT_CLAIM, event.credit_id))
