"""Orphaned uploads (孤儿文件): stored but never attached to a record in time.

Reported so operators see them, and removable: the object first, then the row, with a
lock on the row so a file attached meanwhile is kept. If storage fails midway the row
stays and the next clean-up finishes the job (S3 deletes are idempotent).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from prometheus_client import Gauge

from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.domain.evidence import Evidence
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork
from cme_platform.runtime import Runtime

log = logging.getLogger(__name__)
orphans_gauge = Gauge("cme_evidence_orphans", "Evidence files stored but never attached within the grace period")


async def find_orphans(uow: EvidenceUnitOfWork, grace: timedelta, jurisdiction: str | None) -> list[Evidence]:
    """Orphans older than grace, within one jurisdiction if given (all when None)."""
    async with uow:
        return await uow.evidence.unattached_before(uow.clock.now() - grace, jurisdiction)


async def remove_orphan(uow: EvidenceUnitOfWork, store: ObjectStore, evidence_id: str, grace: timedelta,
                        actor: str) -> bool:
    """Delete one orphan's object and row; False if it was attached or removed meanwhile."""
    async with uow:
        evidence = await uow.evidence.get(evidence_id, for_update=True)
        if evidence is None or not evidence.is_orphan(uow.clock.now(), grace):
            return False
        await store.remove(evidence.object_key)
        await uow.evidence.delete(evidence_id)
        await uow.audit("evidence.orphan_removed", subject=evidence_id, actor=actor, details={
            "owner_id": evidence.uploader.account_id, "kind": evidence.kind, "sha256": evidence.sha256,
            "size": evidence.size, "stored_at": evidence.stored_at.isoformat(),
        })
        await uow.commit()
    return True


async def clean_orphans(uow: EvidenceUnitOfWork, store: ObjectStore, grace: timedelta, jurisdiction: str | None,
                        actor: str) -> list[str]:
    """Remove the orphans older than grace within one jurisdiction, each in its own transaction; the ids removed."""
    removed = []
    for orphan in await find_orphans(uow, grace, jurisdiction):
        if await remove_orphan(uow, store, orphan.id, grace, actor):
            removed.append(orphan.id)
    return removed


def orphan_gauge_loop(runtime: Runtime[EvidenceUnitOfWork], grace: timedelta, every_seconds: float):
    """A background loop that keeps the orphan gauge current (for alerts, not for correctness)."""
    async def evidence_orphans_gauge() -> None:
        while True:
            try:
                # bootstrap builds this runtime on EvidenceUnitOfWork
                uow = runtime.uow()
                orphans_gauge.set(len(await find_orphans(uow, grace, None)))
            except Exception:  # noqa: BLE001 — a gauge must not take the service down
                log.debug("orphan gauge failed", exc_info=True)
            await asyncio.sleep(every_seconds)

    return evidence_orphans_gauge
