"""In memory, what the evidence service's repository keeps in PostgreSQL (`adapters/repository.py`).

`integration/test_repository_contracts.py` runs the same scenarios against it and the real repository,
so a unit test that trusts it trusts the database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from cme_contracts.jurisdictions import registry
from cme_evidence.domain import refusals
from cme_evidence.domain.evidence import Evidence, Subject


class FakeEvidenceRepository:
    """In memory, what `adapters.repository.EvidenceRepository` keeps in PostgreSQL.

    `integration/test_repository_contracts.py` runs the same scenarios against both.
    """

    def __init__(self):
        self.items: dict[str, Evidence] = {}  # by evidence id, as the table's primary key

    async def add(self, item: Evidence) -> None:
        # The table's unique index on `supersedes`: one successor per version.
        if item.supersedes is not None and await self.successor_of(item.supersedes):
            raise refusals.not_latest(item.supersedes)
        self.items[item.id] = item

    async def get(self, evidence_id: str, *, for_update: bool = False) -> Evidence | None:
        return self.items.get(evidence_id)

    async def successor_of(self, evidence_id: str) -> str | None:
        return next((i.id for i in self.items.values() if i.supersedes == evidence_id), None)

    async def attach(self, evidence_id: str, subject: Subject, at: datetime) -> None:
        if evidence_id in self.items:
            self.items[evidence_id] = replace(self.items[evidence_id], subject=subject)

    async def unattached_before(self, cutoff: datetime, jurisdiction: str | None) -> list[Evidence]:
        places = registry().members(jurisdiction) if jurisdiction is not None else None
        found = [i for i in self.items.values() if i.subject is None and i.stored_at < cutoff
                 and (places is None or i.uploader.jurisdiction in places)]
        return sorted(found, key=lambda i: i.stored_at)

    async def delete(self, evidence_id: str) -> None:
        self.items.pop(evidence_id, None)
