"""The issuer (证书签发): renders pending certificates to PDF, signs their credentials,
stores both and publishes `CertificateIssued`, a batch per transaction.

Batches are claimed with `FOR UPDATE SKIP LOCKED`, so several replicas share a backlog
without issuing a certificate twice; a batch whose upload fails rolls back and is retried.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from cme_contracts.events import CertificateIssued
from cme_platform import metrics
from cme_platform.db import UnitOfWork
from cme_platform.doorbell import Doorbell, IdlePause
from cme_platform.orphans import die_with_parent
from cme_certificates.adapters.pdf import register_font, render_many
from cme_certificates.adapters.repository import CertificateRepository
from cme_certificates.adapters.storage import CertificateStore, StoredPdf
from cme_certificates.domain.credential import build_credential
from cme_certificates.domain.model import Certificate
from cme_certificates.domain.rules import rules_for
from cme_certificates.service_layer.authority import Authority

log = logging.getLogger(__name__)


def init_render_process() -> None:
    """Set up a render process: it dies with the service (even a kill -9 of it), and has the font."""
    die_with_parent()
    register_font()


class Issuer:
    """Issues pending certificates until stopped."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], authority: Authority, store: CertificateStore, *,
                 batch_size: int = 100, poll_seconds: float = 0.2, idle_seconds: float = 2.0,
                 doorbell: Doorbell | None = None, concurrency: int = 8, render_processes: int = 2):
        self._uow_factory = uow_factory
        self._authority = authority
        self._store = store
        self._batch_size = batch_size
        self._pause = IdlePause(poll_seconds, idle_seconds, doorbell)  # woken by the commits of approvals
        self._uploads = asyncio.Semaphore(concurrency)
        self._render_processes = render_processes
        self._pool: ProcessPoolExecutor | None = None

    def _renderers(self) -> ProcessPoolExecutor:
        # Rendering is CPU-bound Python: in worker processes it neither holds this process's
        # GIL (the consumer and the API stay responsive) nor stays on one core. `spawn`,
        # because forking a process that runs threads (the Kafka client's) is unsafe.
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self._render_processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=init_render_process)
        return self._pool

    async def close(self) -> None:
        """Stop the render processes."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    async def run(self) -> None:
        """Issue batches while there is a backlog; poll when there is none."""
        while True:
            try:
                issued = await self.issue_batch()
            except Exception:  # noqa: BLE001 — storage or database outage: the batch is retried
                log.exception("certificate batch failed; retrying")
                issued = 0
            if issued < self._batch_size:
                await self._pause.wait(found_work=issued > 0)

    async def issue_batch(self) -> int:
        """Issue up to one batch of pending certificates; returns how many were issued."""
        async with self._uow_factory() as uow:
            repository = CertificateRepository(uow.session)
            pending = await repository.claim_pending(self._batch_size)
            if not pending:
                return 0
            issued_at = uow.clock.now().replace(microsecond=0)
            pdfs = await self._render(pending, issued_at)
            stored = [StoredPdf(CertificateStore.key_for(c.certificate_number, c.year), StoredPdf.digest(pdf))
                      for c, pdf in zip(pending, pdfs)]
            await asyncio.gather(*(self._upload(s.key, pdf) for s, pdf in zip(stored, pdfs)))
            for certificate, pdf in zip(pending, stored):
                await repository.mark_issued(certificate.certificate_id, issued_at, pdf,
                                             self._credential(certificate, issued_at))
                await uow.publish(CertificateIssued(
                    certificate_id=certificate.certificate_id, certificate_number=certificate.certificate_number,
                    credit_id=certificate.credit_id, id_number=certificate.id_number, issued_at=issued_at,
                    verify_url=self._authority.verify_link(certificate.certificate_number),
                ))
            await uow.commit()
        metrics.certificates.labels("issued").inc(len(pending))
        return len(pending)

    async def _render(self, pending: list[Certificate], issued_at: datetime) -> list[bytes]:
        """The PDFs of a batch, split across the render processes."""
        items = [(c, rules_for(c.jurisdiction), self._authority.verify_link(c.certificate_number)) for c in pending]
        loop = asyncio.get_running_loop()
        size = -(-len(items) // self._render_processes)
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        rendered = await asyncio.gather(*(loop.run_in_executor(self._renderers(), render_many, chunk, issued_at)
                                          for chunk in chunks))
        return [pdf for chunk in rendered for pdf in chunk]

    def _credential(self, certificate: Certificate, issued_at: datetime) -> dict:
        """The signed credential (signing stays here: the key never leaves this process)."""
        rules = rules_for(certificate.jurisdiction)
        return self._authority.signer.sign(
            build_credential(certificate, rules, self._authority.urls, issued_at), issued_at)

    async def _upload(self, key: str, pdf: bytes) -> None:
        async with self._uploads:
            await self._store.put_pdf(key, pdf)
