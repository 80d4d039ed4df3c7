"""Reading and writing certificates in the service's database."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from cme_contracts.identifiers import normalize_project_number
from cme_certificates.adapters.tables import certificate_serial, certificates
from cme_certificates.adapters.storage import StoredPdf
from cme_certificates.domain.model import Certificate, CertificateState

_STORAGE_ONLY = {"pdf_key", "pdf_sha256", "credential", "created_at", "project_key"}
_FIELDS = [c.name for c in certificates.columns if c.name not in _STORAGE_ONLY]


def _to_certificate(row) -> Certificate:
    data = {name: getattr(row, name) for name in _FIELDS}
    data["credits"] = float(data["credits"])
    data["hours"] = float(data["hours"]) if data["hours"] is not None else None
    data["state"] = CertificateState(data["state"])
    return Certificate(**data)


class CertificateRepository:
    """Certificates in one unit of work's session."""

    def __init__(self, session: AsyncSession):
        self.session = session

    async def next_serial(self) -> int:
        """A new serial for a certificate number and status index."""
        return int(await self.session.scalar(select(certificate_serial.next_value())))

    async def add_pending(self, certificate: Certificate) -> bool:
        """Insert a pending certificate; False when its credit already has a live one."""
        values = {name: getattr(certificate, name) for name in _FIELDS}
        values["credits"] = Decimal(str(certificate.credits))
        values["hours"] = Decimal(str(certificate.hours)) if certificate.hours is not None else None
        values["project_key"] = normalize_project_number(certificate.project_number or "") or None
        statement = (insert(certificates).values(values)
                     # A literal predicate: a bound parameter cannot prove the partial index applies
                     # once asyncpg switches the prepared statement to a generic plan.
                     .on_conflict_do_nothing(index_elements=["credit_id"], index_where=text("state <> 'revoked'"))
                     .returning(certificates.c.certificate_id))
        return (await self.session.execute(statement)).first() is not None

    async def latest_for_credit(self, credit_id: str, *, lock: bool = False) -> Certificate | None:
        """The newest certificate of a credit (live or revoked), locked for update if asked."""
        query = (select(certificates).where(certificates.c.credit_id == credit_id)
                 .order_by(certificates.c.created_at.desc()).limit(1))
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _to_certificate(row) if row else None

    async def claim_pending(self, limit: int) -> list[Certificate]:
        """Lock up to `limit` pending certificates that no other issuer holds, oldest first."""
        query = (select(certificates).where(certificates.c.state == CertificateState.PENDING.value)
                 .order_by(certificates.c.created_at).limit(limit).with_for_update(skip_locked=True))
        return [_to_certificate(row) for row in (await self.session.execute(query)).all()]

    async def mark_issued(self, certificate_id: str, issued_at: datetime, pdf: StoredPdf, credential: dict) -> None:
        """Record that the PDF and the signed credential are stored."""
        await self.session.execute(update(certificates).where(certificates.c.certificate_id == certificate_id).values(
            state=CertificateState.ISSUED.value, issued_at=issued_at, pdf_key=pdf.key, pdf_sha256=pdf.sha256,
            credential=credential))

    async def mark_revoked(self, certificate_id: str, revoked_at: datetime, reason: str) -> None:
        """Record the revocation of a certificate (证书撤销)."""
        await self.session.execute(update(certificates).where(certificates.c.certificate_id == certificate_id).values(
            state=CertificateState.REVOKED.value, revoked_at=revoked_at, revoke_reason=reason))

    async def by_number(self, number: str) -> Certificate | None:
        """The certificate with this number (证书编号)."""
        row = (await self.session.execute(
            select(certificates).where(certificates.c.certificate_number == number))).first()
        return _to_certificate(row) if row else None

    async def by_id(self, certificate_id: str) -> Certificate | None:
        """The certificate with this id."""
        row = (await self.session.execute(
            select(certificates).where(certificates.c.certificate_id == certificate_id))).first()
        return _to_certificate(row) if row else None

    async def stored(self, number: str) -> tuple[StoredPdf | None, dict | None]:
        """A certificate's stored PDF and its signed credential."""
        row = (await self.session.execute(
            select(certificates.c.pdf_key, certificates.c.pdf_sha256, certificates.c.credential)
            .where(certificates.c.certificate_number == number))).first()
        if row is None or row.pdf_key is None:
            return None, None
        return StoredPdf(row.pdf_key, row.pdf_sha256), row.credential

    async def search(self, *, project_number: str | None = None, name: str | None = None,
                     id_number: str | None = None, limit: int = 100) -> list[Certificate]:
        """Issued or revoked certificates matching a public query (学员证书查询); a project
        number matches however its parentheses, dashes and spaces were typed."""
        query = select(certificates).where(certificates.c.state != CertificateState.PENDING.value)
        if project_number is not None:
            query = query.where(certificates.c.project_key == normalize_project_number(project_number),
                                certificates.c.name == name)
        else:
            query = query.where(certificates.c.id_number == (id_number or "").strip().upper())
        rows = (await self.session.execute(query.order_by(certificates.c.issued_at.desc()).limit(limit))).all()
        return [_to_certificate(row) for row in rows]

    async def revoked_indexes(self, first: int, last: int) -> list[int]:
        """Status indexes in [first, last) whose certificates are revoked."""
        query = select(certificates.c.status_index).where(
            certificates.c.state == CertificateState.REVOKED.value,
            certificates.c.status_index >= first, certificates.c.status_index < last)
        return list((await self.session.execute(query)).scalars())
