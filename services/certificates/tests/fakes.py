"""In memory, what the certificates service's repository keeps in PostgreSQL (`adapters/repository.py`).

`integration/test_repository_contracts.py` runs the same scenarios against it and the real repository,
so a unit test that trusts it trusts the database. Row locks are not faked (one process has no rival).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime

from cme_certificates.adapters.storage import StoredPdf
from cme_certificates.domain.model import Certificate, CertificateState
from cme_contracts.identifiers import normalize_project_number


class FakeCertificateRepository:
    """In memory, what `adapters.repository.CertificateRepository` keeps in PostgreSQL.

    `integration/test_repository_contracts.py` runs the same scenarios against both.
    """

    def __init__(self):
        self.rows: dict[str, Certificate] = {}  # by certificate id, in the order created
        self.files: dict[str, tuple[str, str | None, dict]] = {}  # id → (PDF key, SHA-256, credential)
        self._serials = itertools.count(1)

    async def next_serials(self, count: int) -> list[int]:
        return [next(self._serials) for _ in range(count)]

    async def add_pending(self, batch: list[Certificate]) -> int:
        live = {c.credit_id for c in self.rows.values() if c.state != CertificateState.REVOKED}
        added = [c for c in batch if c.credit_id not in live]  # the partial unique index on live credits
        self.rows.update((c.certificate_id, c) for c in added)
        return len(added)

    async def latest_for_credits(self, credit_ids: list[str]) -> dict[str, Certificate]:
        return {c.credit_id: c for c in self.rows.values() if c.credit_id in credit_ids}  # the last one wins

    async def latest_for_credit(self, credit_id: str, *, lock: bool = False) -> Certificate | None:
        return (await self.latest_for_credits([credit_id])).get(credit_id)

    async def claim_pending(self, limit: int) -> list[Certificate]:
        return [c for c in self.rows.values() if c.state == CertificateState.PENDING][:limit]

    async def mark_issued(self, issued: list[tuple[Certificate, str, dict]], issued_at: datetime) -> None:
        for certificate, key, credential in issued:
            self._change(certificate.certificate_id, state=CertificateState.ISSUED, issued_at=issued_at)
            self.files[certificate.certificate_id] = (key, None, credential)

    async def claim_unrendered(self, limit: int) -> list[Certificate]:
        issued = [c for c in self.rows.values() if c.state == CertificateState.ISSUED
                  and self.files[c.certificate_id][1] is None]
        return sorted(issued, key=lambda c: c.issued_at)[:limit]

    async def mark_rendered(self, rendered: list[tuple[str, str]]) -> None:
        for certificate_id, sha256 in rendered:
            key, known, credential = self.files[certificate_id]
            self.files[certificate_id] = (key, known or sha256, credential)

    async def mark_revoked(self, certificate_id: str, revoked_at: datetime, reason: str) -> None:
        self._change(certificate_id, state=CertificateState.REVOKED, revoked_at=revoked_at, revoke_reason=reason)

    async def by_number(self, number: str) -> Certificate | None:
        return next((c for c in self.rows.values() if c.certificate_number == number), None)

    async def by_id(self, certificate_id: str) -> Certificate | None:
        return self.rows.get(certificate_id)

    async def stored(self, number: str) -> tuple[StoredPdf, dict] | None:
        found = await self.by_number(number)
        if found is None or found.certificate_id not in self.files:
            return None
        key, sha256, credential = self.files[found.certificate_id]
        return StoredPdf(key, sha256), credential

    async def search(self, *, project_number: str | None = None, name: str | None = None,
                     id_number: str | None = None, limit: int = 100) -> list[Certificate]:
        def wanted(c: Certificate) -> bool:
            if project_number is not None:
                key = normalize_project_number(project_number)
                return normalize_project_number(c.project_number or "") == key and c.name == name
            return c.id_number == id_number

        found = [c for c in self.rows.values() if c.state != CertificateState.PENDING and wanted(c)]
        return sorted(found, key=lambda c: c.issued_at, reverse=True)[:limit]

    async def revoked_indexes(self, first: int, last: int) -> list[int]:
        return [c.status_index for c in self.rows.values()
                if c.state == CertificateState.REVOKED and first <= c.status_index < last]

    def _change(self, certificate_id: str, **values) -> None:
        self.rows[certificate_id] = replace(self.rows[certificate_id], **values)
