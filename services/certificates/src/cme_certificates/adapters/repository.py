"""Reading and writing certificates in the service's database."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import distinct_on, insert

from cme_certificates.adapters.storage import StoredPdf
from cme_certificates.adapters.tables import certificate_serial, certificates
from cme_certificates.domain.model import Certificate, CertificateState
from cme_contracts.identifiers import normalize_project_number
from cme_platform.db import Repository

_STORAGE_ONLY = {"pdf_key", "pdf_sha256", "credential", "created_at", "project_key"}
_FIELDS = [c.name for c in certificates.columns if c.name not in _STORAGE_ONLY]
_ROWS_PER_INSERT = 1000  # ~25 parameters a row, under PostgreSQL's 32,767 per statement


def _to_certificate(row) -> Certificate:
    data = {name: getattr(row, name) for name in _FIELDS}
    data["credits"] = float(data["credits"])
    data["hours"] = float(data["hours"]) if data["hours"] is not None else None
    data["state"] = CertificateState(data["state"])
    return Certificate(**data)


class CertificateRepository(Repository):
    """Certificates in one unit of work's session."""

    async def next_serials(self, count: int) -> list[int]:
        """`count` new serials at once, for a batch of certificates."""
        query = select(certificate_serial.next_value()).select_from(func.generate_series(1, count))
        return [int(value) for value in (await self.session.execute(query)).scalars()]

    async def add_pending(self, batch: list[Certificate]) -> int:
        """Insert pending certificates; a credit that already has a live one keeps it. Returns
        how many were inserted."""
        added = 0
        for start in range(0, len(batch), _ROWS_PER_INSERT):
            statement = (insert(certificates).values([_row_of(c) for c in batch[start:start + _ROWS_PER_INSERT]])
                         # A literal predicate: a bound parameter cannot prove the partial index applies
                         # once asyncpg switches the prepared statement to a generic plan.
                         .on_conflict_do_nothing(index_elements=["credit_id"], index_where=text("state <> 'revoked'"))
                         .returning(certificates.c.certificate_id))
            added += len((await self.session.execute(statement)).all())
        return added

    async def latest_for_credits(self, credit_ids: list[str]) -> dict[str, Certificate]:
        """The newest certificate (live or revoked) of each of these credits that has one."""
        query = (select(certificates).where(certificates.c.credit_id.in_(credit_ids))
                 .ext(distinct_on(certificates.c.credit_id))
                 .order_by(certificates.c.credit_id, certificates.c.created_at.desc()))
        return {row.credit_id: _to_certificate(row) for row in (await self.session.execute(query)).all()}

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

    async def mark_issued(self, issued: list[tuple[Certificate, str, dict]], issued_at: datetime) -> None:
        """Record certificates as issued with their signed credentials and where their PDFs
        go (certificate, PDF key, credential); the PDFs themselves come later (`mark_rendered`)."""
        statement = (update(certificates).where(certificates.c.certificate_id == bindparam("b_id"))
                     .values(state=CertificateState.ISSUED.value, issued_at=issued_at, pdf_key=bindparam("b_key"),
                             credential=bindparam("b_credential")))
        await self.session.execute(statement, [
            {"b_id": c.certificate_id, "b_key": key, "b_credential": credential} for c, key, credential in issued])

    async def claim_unrendered(self, limit: int) -> list[Certificate]:
        """Lock up to `limit` issued certificates whose PDF is not stored yet, oldest first."""
        query = (select(certificates).where(certificates.c.state == CertificateState.ISSUED.value,
                                            certificates.c.pdf_sha256.is_(None))
                 .order_by(certificates.c.issued_at).limit(limit).with_for_update(skip_locked=True))
        return [_to_certificate(row) for row in (await self.session.execute(query)).all()]

    async def mark_rendered(self, rendered: list[tuple[str, str]]) -> None:
        """Record the SHA-256 of stored PDFs (certificate id, digest); a digest once recorded
        stays (the renderer and a first download may race: both rendered the same bytes)."""
        statement = (update(certificates).where(certificates.c.certificate_id == bindparam("b_id"),
                                                certificates.c.pdf_sha256.is_(None))
                     .values(pdf_sha256=bindparam("b_sha")))
        await self.session.execute(statement, [{"b_id": i, "b_sha": sha} for i, sha in rendered])

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

    async def by_ids(self, certificate_ids: list[str]) -> dict[str, Certificate]:
        """The certificates with these ids, by id (a compliance proof's listed credentials)."""
        query = select(certificates).where(certificates.c.certificate_id.in_(certificate_ids))
        return {row.certificate_id: _to_certificate(row) for row in (await self.session.execute(query)).all()}

    async def issued_with_credentials(self, id_number: str) -> list[tuple[Certificate, dict]]:
        """A learner's issued (not revoked) certificates with their signed credentials, oldest first."""
        query = (select(certificates).where(certificates.c.id_number == id_number,
                                            certificates.c.state == CertificateState.ISSUED.value)
                 .order_by(certificates.c.year, certificates.c.issued_at))
        return [(_to_certificate(row), row.credential) for row in (await self.session.execute(query)).all()]

    async def stored(self, number: str) -> tuple[StoredPdf, dict] | None:
        """A certificate's stored PDF and its signed credential, written together when it is
        issued (`record_issued`); None before that or for a number no certificate has."""
        row = (await self.session.execute(
            select(certificates.c.pdf_key, certificates.c.pdf_sha256, certificates.c.credential)
            .where(certificates.c.certificate_number == number))).first()
        if row is None or row.pdf_key is None:
            return None
        return StoredPdf(row.pdf_key, row.pdf_sha256), row.credential

    async def search(self, *, project_number: str | None = None, name: str | None = None,
                     id_number: str | None = None, limit: int = 100) -> list[Certificate]:
        """Issued or revoked certificates matching a public query (学员证书查询); a project
        number matches however its parentheses, dashes and spaces were typed, an ID number is
        given in its canonical form (`read_id_number`)."""
        query = select(certificates).where(certificates.c.state != CertificateState.PENDING.value)
        if project_number is not None:
            query = query.where(certificates.c.project_key == normalize_project_number(project_number),
                                certificates.c.name == name)
        else:
            query = query.where(certificates.c.id_number == id_number)
        rows = (await self.session.execute(query.order_by(certificates.c.issued_at.desc()).limit(limit))).all()
        return [_to_certificate(row) for row in rows]

    async def revoked_indexes(self, first: int, last: int) -> list[int]:
        """Status indexes in [first, last) whose certificates are revoked."""
        query = select(certificates.c.status_index).where(
            certificates.c.state == CertificateState.REVOKED.value,
            certificates.c.status_index >= first, certificates.c.status_index < last)
        return list((await self.session.execute(query)).scalars())


def _row_of(certificate: Certificate) -> dict:
    values = {name: getattr(certificate, name) for name in _FIELDS}
    values["credits"] = Decimal(str(certificate.credits))
    values["hours"] = Decimal(str(certificate.hours)) if certificate.hours is not None else None
    values["project_key"] = normalize_project_number(certificate.project_number or "") or None
    return values
