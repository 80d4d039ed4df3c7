"""Drawing certificate PDFs (证书PDF) from the stored facts of issued certificates.

A PDF is drawn once and kept in object storage: in the background, when the processes are
otherwise idle, or at its first download, whichever comes first. Drawing is deterministic
(the same facts give the same bytes), so when both happen at once they store the same file;
the first digest recorded is the one a PDF is verified against.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from cme_certificates.adapters.pdf import register_font, render_many
from cme_certificates.adapters.storage import CertificateStore, StoredPdf
from cme_certificates.domain.model import Certificate
from cme_certificates.domain.rules import rules_for
from cme_certificates.service_layer.authority import Authority
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_platform.doorbell import Doorbell, IdlePause
from cme_platform.orphans import die_with_parent

log = logging.getLogger(__name__)


def init_render_process() -> None:
    """Set up a render process: it dies with the service (even a kill -9 of it), yields the
    CPU to the service's own work (issuing, answering), and has the font."""
    die_with_parent()
    os.nice(10)
    register_font()


class PdfRenderer:
    """Draws and stores the PDFs of issued certificates, in worker processes."""

    def __init__(self, uow_factory: Callable[[], CertificatesUnitOfWork], authority: Authority,
                 store: CertificateStore, *, batch_size: int = 50, poll_seconds: float = 0.2, idle_seconds: float = 2.0,
                 doorbell: Doorbell | None = None, concurrency: int = 8, processes: int = 2):
        self._uow_factory = uow_factory
        self._authority = authority
        self._store = store
        self._batch_size = batch_size
        self._pause = IdlePause(poll_seconds, idle_seconds, doorbell)
        self._uploads = asyncio.Semaphore(concurrency)
        self._processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def _renderers(self) -> ProcessPoolExecutor:
        # Drawing is CPU-bound Python: in worker processes it neither holds this process's
        # GIL (the consumer and the API stay responsive) nor stays on one core. `spawn`,
        # because forking a process that runs threads (the Kafka client's) is unsafe.
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self._processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=init_render_process)
        return self._pool

    async def close(self) -> None:
        """Stop the render processes."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    async def run(self) -> None:
        """Draw the PDFs of issued certificates while some are missing; poll when none are."""
        while True:
            try:
                drawn = await self.render_batch()
            except Exception:  # noqa: BLE001 — storage or database outage: the batch is retried
                log.exception("certificate PDF batch failed; retrying")
                drawn = 0
            if drawn < self._batch_size:
                await self._pause.wait(found_work=drawn > 0)

    async def render_batch(self) -> int:
        """Draw and store up to one batch of missing PDFs; returns how many."""
        async with self._uow_factory() as uow:
            missing = await uow.certificates.claim_unrendered(self._batch_size)
            if missing:
                digests = await self._draw_and_store(missing)
                await uow.certificates.mark_rendered(
                    [(c.certificate_id, d) for c, d in zip(missing, digests, strict=True)])
                await uow.commit()
        return len(missing)

    async def pdf_of(self, certificate: Certificate, stored: StoredPdf) -> bytes:
        """The certificate's PDF: the stored one, or drawn and stored now if it is not yet."""
        if stored.sha256 is not None:
            return await self._store.get_pdf(stored.key)
        (pdf,) = await self._draw([certificate])
        await self._upload(stored.key, pdf)
        async with self._uow_factory() as uow:
            await uow.certificates.mark_rendered([(certificate.certificate_id, StoredPdf.digest(pdf))])
            await uow.commit()
        return pdf

    async def _draw_and_store(self, batch: list[Certificate]) -> list[str]:
        pdfs = await self._draw(batch)
        await asyncio.gather(*(self._upload(CertificateStore.key_for(c.certificate_number, c.year), pdf)
                               for c, pdf in zip(batch, pdfs, strict=True)))
        return [StoredPdf.digest(pdf) for pdf in pdfs]

    async def _draw(self, batch: list[Certificate]) -> list[bytes]:
        """The PDFs of a batch, split across the render processes."""
        items = [(c, rules_for(c.jurisdiction), self._authority.verify_link(c.certificate_number)) for c in batch]
        loop = asyncio.get_running_loop()
        size = -(-len(items) // self._processes)
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        drawn = await asyncio.gather(*(loop.run_in_executor(self._renderers(), render_many, chunk)
                                       for chunk in chunks))
        return [pdf for chunk in drawn for pdf in chunk]

    async def _upload(self, key: str, pdf: bytes) -> None:
        async with self._uploads:
            await self._store.put_pdf(key, pdf)
