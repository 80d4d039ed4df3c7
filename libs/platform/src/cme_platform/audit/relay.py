"""Publishing audit records in chain order (审计记录按链顺序发布)."""

from __future__ import annotations

import zlib

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from cme_contracts import topics
from cme_platform.db.tables import outbox
from cme_platform.messaging.relay import OutboxRelay


class AuditRelay(OutboxRelay):
    """The outbox relay for `cme.audit`, one replica at a time and never skipping ahead.

    The general relay lets replicas publish disjoint batches concurrently and retries a
    failed row later while newer rows go out: fine for events keyed by learner, but it
    would reorder a service's audit chain on the topic, and a regulator's verifier reports
    reordering. So one replica (holding a transaction-scoped advisory lock) publishes the
    oldest unpublished audit rows, and a row waiting for its retry holds back those after it.
    """

    def _mine(self) -> ColumnElement[bool]:
        return outbox.c.topic == topics.AUDIT

    async def _claim(self, session: AsyncSession) -> list:
        lock = zlib.crc32(f"cme.audit.relay:{self._service}".encode())
        if not (await session.execute(text("select pg_try_advisory_xact_lock(:k)"), {"k": lock})).scalar_one():
            return []  # another replica is publishing this service's chain
        rows = (await session.execute(
            select(outbox.c.event_id, outbox.c.topic, outbox.c.key, outbox.c.payload, outbox.c.attempts,
                   outbox.c.next_attempt_at <= func.now())
            .where(outbox.c.published_at.is_(None), self._mine())
            .order_by(outbox.c.created_at, outbox.c.event_id)
            .limit(self._batch_size)
            .with_for_update()
        )).all()
        due = []
        for row in rows:
            if not row[-1]:
                break  # keep the chain's order: nothing overtakes a row waiting for its retry
            due.append(row)
        return due
