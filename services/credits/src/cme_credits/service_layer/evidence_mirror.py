"""Keeping credits' record of stored evidence files (from the evidence service's events)."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

from cme_contracts.events import EvidenceStored
from cme_credits.adapters.tables import evidence_mirror
from cme_platform.db import UnitOfWork


async def on_evidence_stored(event: EvidenceStored, uow: UnitOfWork) -> None:
    """Remember the file, its owner and type, so a claim can rely on it (or be refused)."""
    values = {"owner_id": event.owner_id, "kind": event.kind, "content_type": event.content_type,
              "filename": event.filename, "subject_type": event.subject_type, "subject_id": event.subject_id}
    await uow.session.execute(insert(evidence_mirror).values(evidence_id=event.evidence_id, **values)
                              .on_conflict_do_update(index_elements=[evidence_mirror.c.evidence_id], set_=values))
