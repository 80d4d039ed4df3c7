"""Projects' own copy of the stored evidence files a hold application may attach (from evidence's events)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from cme_contracts.events import EvidenceStored
from cme_platform.db import Repository
from cme_projects.adapters.tables import stored_evidence
from cme_projects.domain.hold_application import StoredFile


class StoredEvidenceRepository(Repository):
    """The meeting notices and schedules the evidence service announced as stored."""

    async def record(self, event: EvidenceStored) -> None:
        """Remember a stored file (idempotent: the same evidence id twice changes nothing)."""
        values = {column.name: getattr(event, column.name) for column in stored_evidence.columns}
        await self.session.execute(insert(stored_evidence).values(**values).on_conflict_do_nothing())

    async def stored_files(self, evidence_ids: Iterable[str]) -> dict[str, StoredFile]:
        """The stored files among these evidence ids, by id."""
        ids = list(evidence_ids)
        if not ids:
            return {}
        rows = (await self.session.execute(select(stored_evidence)
                                           .where(stored_evidence.c.evidence_id.in_(ids)))).all()
        return {r.evidence_id: StoredFile(r.evidence_id, r.owner_id, r.kind, r.size) for r in rows}
