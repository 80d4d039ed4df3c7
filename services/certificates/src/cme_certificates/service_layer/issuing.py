"""The issuer (证书签发): renders pending certificates to PDF, signs their credentials,
stores both and publishes `CertificateIssued`, a batch per transaction.

Batches are claimed with `FOR UPDATE SKIP LOCKED`, so several replicas share a backlog
without issuing a certificate twice; a batch whose upload fails rolls back and is retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from cme_contracts.events import CertificateIssued
from cme_platform.db import UnitOfWork
from cme_certificates.adapters.pdf import register_font, render_certificate
from cme_certificates.adapters.repository import CertificateRepository
from cme_certificates.adapters.storage import CertificateStore
from cme_certificates.domain.credential import build_credential
from cme_certificates.domain.model import Certificate
from cme_certificates.domain.rules import rules_for
from cme_certificates.service_layer.authority import Authority

log = logging.getLogger(__name__)


class Issuer:
    """Issues pending certificates until stopped."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], authority: Authority, store: CertificateStore, *,
                 batch_size: int = 100, poll_seconds: float = 0.2, concurrency: int = 8):
        self._uow_factory = uow_factory
        self._authority = authority
        self._store = store
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._uploads = asyncio.Semaphore(concurrency)

    async def run(self) -> None:
        """Issue batches while there is a backlog; poll when there is none."""
        await asyncio.to_thread(register_font)
        while True:
            try:
                issued = await self.issue_batch()
            except Exception:  # noqa: BLE001 — storage or database outage: the batch is retried
                log.exception("certificate batch failed; retrying")
                issued = 0
            if issued == 0:
                await asyncio.sleep(self._poll_seconds)

    async def issue_batch(self) -> int:
        """Issue up to one batch of pending certificates; returns how many were issued."""
        async with self._uow_factory() as uow:
            repository = CertificateRepository(uow.session)
            pending = await repository.claim_pending(self._batch_size)
            if not pending:
                return 0
            issued_at = datetime.now(UTC).replace(microsecond=0)
            # Rendering is CPU work: one thread call per batch keeps the event loop answering.
            documents = await asyncio.to_thread(lambda: [self._document(c, issued_at) for c in pending])
            await asyncio.gather(*(self._upload(key, pdf) for key, pdf, _ in documents))
            for certificate, (key, _, credential) in zip(pending, documents):
                await repository.mark_issued(certificate.certificate_id, issued_at, key, credential)
                await uow.publish(CertificateIssued(
                    certificate_id=certificate.certificate_id, certificate_number=certificate.certificate_number,
                    credit_id=certificate.credit_id, id_number=certificate.id_number, issued_at=issued_at,
                    verify_url=self._authority.urls.verify_page(certificate.certificate_number),
                ))
            await uow.commit()
        return len(pending)

    def _document(self, certificate: Certificate, issued_at: datetime) -> tuple[str, bytes, dict]:
        rules = rules_for(certificate.jurisdiction)
        verify_url = self._authority.urls.verify_page(certificate.certificate_number)
        pdf = render_certificate(certificate, rules, verify_url, issued_at)
        credential = self._authority.signer.sign(
            build_credential(certificate, rules, self._authority.urls, issued_at), issued_at)
        return CertificateStore.key_for(certificate.certificate_number, certificate.year), pdf, credential

    async def _upload(self, key: str, pdf: bytes) -> None:
        async with self._uploads:
            await self._store.put_pdf(key, pdf)
