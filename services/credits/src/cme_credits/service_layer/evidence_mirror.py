"""Keeping credits' record of stored evidence files (from the evidence service's events)."""

from __future__ import annotations

from cme_contracts.events import EvidenceStored
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork


async def on_evidence_stored(event: EvidenceStored, uow: CreditsUnitOfWork) -> None:
    """Remember the file, its owner and type, so a claim can rely on it (or be refused)."""
    await uow.evidence.save(event.evidence_id, owner_id=event.owner_id, kind=event.kind,
                            content_type=event.content_type, filename=event.filename,
                            subject_type=event.subject_type, subject_id=event.subject_id)
