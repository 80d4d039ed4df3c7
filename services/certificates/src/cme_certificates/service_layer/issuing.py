"""The issuer (证书签发): signs the credentials of pending certificates and publishes
`CertificateIssued`, a batch per transaction.

The PDF is not waited for: it is drawn from the same stored facts by the `PdfRenderer`, in
the background or at the first download, so a session's 10,000 approvals are issued in
seconds rather than in the minutes their drawing takes. Batches are claimed with
`FOR UPDATE SKIP LOCKED`, so several replicas share a backlog without issuing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from cme_certificates.adapters.storage import CertificateStore
from cme_certificates.domain.credential import build_credential
from cme_certificates.domain.rules import rules_for
from cme_certificates.service_layer.authority import Authority
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_contracts.events import CertificateIssued
from cme_platform import metrics
from cme_platform.doorbell import Doorbell, IdlePause

log = logging.getLogger(__name__)


class Issuer:
    """Issues pending certificates until stopped."""

    def __init__(self, uow_factory: Callable[[], CertificatesUnitOfWork], authority: Authority, *,
                 batch_size: int = 500, poll_seconds: float = 0.2, idle_seconds: float = 2.0,
                 doorbell: Doorbell | None = None):
        self._uow_factory = uow_factory
        self._authority = authority
        self._batch_size = batch_size
        self._pause = IdlePause(poll_seconds, idle_seconds, doorbell)  # woken by the commits of approvals

    async def run(self) -> None:
        """Issue batches while there is a backlog; poll when there is none."""
        while True:
            try:
                issued = await self.issue_batch()
            except Exception:  # noqa: BLE001 — database outage: the batch is retried
                log.exception("certificate batch failed; retrying")
                issued = 0
            if issued < self._batch_size:
                await self._pause.wait(found_work=issued > 0)

    async def issue_batch(self) -> int:
        """Issue up to one batch of pending certificates; returns how many were issued."""
        async with self._uow_factory() as uow:
            pending = await uow.certificates.claim_pending(self._batch_size)
            if not pending:
                return 0
            issued_at = uow.clock.now().replace(microsecond=0)
            # Signing stays in this process: the key never leaves it.
            await uow.certificates.mark_issued([
                (c, CertificateStore.key_for(c.certificate_number, c.year), self._authority.signer.sign(
                    build_credential(c, rules_for(c.jurisdiction), self._authority.urls, issued_at), issued_at))
                for c in pending], issued_at)
            await uow.publish_many(
                [
                    CertificateIssued(
                        certificate_id=c.certificate_id,
                        certificate_number=c.certificate_number,
                        credit_id=c.credit_id,
                        id_number=c.id_number,
                        issued_at=issued_at,
                        verify_url=self._authority.verify_link(c.certificate_number),
                    )
                    for c in pending
                ]
            )
            await uow.commit()
        metrics.certificates.labels("issued").inc(len(pending))
        return len(pending)
