"""Compliance proofs (学分达标证明) in the service's database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select

from cme_certificates.adapters.tables import compliance_proofs
from cme_platform.db import Repository


@dataclass(frozen=True)
class StoredProof:
    """A proof as issued: whose it is, the signed credential, and the digest of its PDF."""

    proof_id: str
    id_number: str
    credential: dict
    pdf_sha256: str
    issued_at: datetime


class ProofRepository(Repository):
    """Compliance proofs in one unit of work's session."""

    async def add(self, proof: StoredProof) -> None:
        """Record an issued proof."""
        await self.session.execute(insert(compliance_proofs).values(
            proof_id=proof.proof_id, id_number=proof.id_number, credential=proof.credential,
            pdf_sha256=proof.pdf_sha256, issued_at=proof.issued_at))

    async def get(self, proof_id: str) -> StoredProof | None:
        """The proof with this id, if there is one."""
        row = (await self.session.execute(
            select(compliance_proofs).where(compliance_proofs.c.proof_id == proof_id))).first()
        if row is None:
            return None
        return StoredProof(row.proof_id, row.id_number, row.credential, row.pdf_sha256, row.issued_at)
