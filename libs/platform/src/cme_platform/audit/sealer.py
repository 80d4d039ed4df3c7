"""The audit sealer (审计封链): chains and signs stored audit entries off the write path."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cme_platform.audit.chain import seal_stored
from cme_platform.audit.keys import AuditSigner
from cme_platform.db.tables import audit_entry
from cme_platform.doorbell import Doorbell, IdlePause

log = logging.getLogger(__name__)


class AuditSealer:
    """Seals this service's stored audit entries in batches, one replica at a time.

    Every replica runs one; the advisory lock in `seal_stored` lets one of them work at a
    time, so the others' polls are cheap no-ops and a replica's death hands the work over.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, service: str, signer: AuditSigner,
                 batch_size: int = 500, poll_seconds: float = 0.2, idle_seconds: float = 2.0,
                 doorbell: Doorbell | None = None):
        self._sessions = sessions
        self._service = service
        self._signer = signer
        self._batch_size = batch_size
        # Woken by commits that stored entries; rings in turn when it sealed some, for the audit relay.
        self._doorbell = doorbell
        self._pause = IdlePause(poll_seconds, idle_seconds, doorbell)
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        """Seal until `stop`; a batch in flight is finished (or rolled back whole) before returning."""
        while not self._stopping.is_set():
            try:
                sealed = await self.seal_once()
            except Exception:  # noqa: BLE001 — a database outage must not end the audit stream
                log.exception("audit sealing failed; retrying")
                sealed = 0
            if sealed and self._doorbell is not None:
                self._doorbell.ring()
            if sealed < self._batch_size:
                await self._pause.wait(found_work=sealed > 0)

    def stop(self) -> None:
        """Ask the loop to finish its current batch and return."""
        self._stopping.set()
        self._pause.wake.set()

    async def seal_once(self) -> int:
        """Seal one batch; returns how many records it added to the chain."""
        async with self._sessions() as session, session.begin():
            return len(await seal_stored(session, self._service, self._signer, self._batch_size))

    async def backlog(self) -> int:
        """Entries stored but not sealed yet."""
        async with self._sessions() as session:
            return (await session.execute(select(func.count()).select_from(audit_entry).where(
                audit_entry.c.service == self._service))).scalar_one()
