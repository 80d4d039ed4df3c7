"""The outbox relay: publishes committed outbox rows to Kafka, retrying failures."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer
from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cme_contracts import topics
from cme_platform import metrics
from cme_platform.db.tables import outbox
from cme_platform.doorbell import Doorbell, IdlePause

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=5)
# During an outage every batch fails alike: pausing keeps the log readable and the database calm.
OUTAGE_PAUSE_SECONDS = 2.0


def backoff(attempts: int) -> timedelta:
    """Delay before the next try of a row that failed `attempts` times (exponential, capped)."""
    return min(timedelta(seconds=0.5 * 2 ** min(attempts, 20)), MAX_BACKOFF)


def trace_headers(payload: bytes) -> list[tuple[str, bytes]]:
    """The envelope's W3C traceparent as a Kafka header too, for tools that read headers only
    (tracing instrumentation, kcat, broker UIs); consumers of the platform read the envelope."""
    traceparent = json.loads(payload).get("traceparent")
    return [("traceparent", traceparent.encode())] if isinstance(traceparent, str) else []


class OutboxRelay:
    """Claims due rows with FOR UPDATE SKIP LOCKED, sends them, marks them sent.

    Rows are marked in the same transaction that claimed them, after the broker acknowledged
    them (acks=all). A crash between the two re-sends the batch: delivery is at least once,
    and consumers deduplicate on the event id. A failed row is retried with backoff rather
    than dropped, and its error is kept on the row for the operator.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], producer: AIOKafkaProducer, *,
                 service: str, batch_size: int = 200, poll_seconds: float = 0.2, idle_seconds: float = 2.0,
                 doorbell: Doorbell | None = None):
        self._sessions = sessions
        self._producer = producer
        self._service = service
        self._batch_size = batch_size
        self._pause = IdlePause(poll_seconds, idle_seconds, doorbell)
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        """Relay until `stop`; a batch in flight is finished before returning."""
        while not self._stopping.is_set():
            outage = 0.0
            try:
                sent = await self.relay_once()
            except Exception:  # noqa: BLE001 — the relay must outlive a broker or database outage
                log.exception("outbox relay batch failed; retrying")
                sent, outage = 0, OUTAGE_PAUSE_SECONDS
            if sent < self._batch_size:
                await self._pause.wait(found_work=sent > 0, at_least=outage)

    def stop(self) -> None:
        """Ask the loop to finish its current batch and return."""
        self._stopping.set()
        self._pause.wake.set()

    async def relay_once(self) -> int:
        """Publish one batch of due rows; returns how many were sent."""
        async with self._sessions() as session, session.begin():
            rows = await self._claim(session)
            if not rows:
                return 0
            results = await self._send_in_order(rows)
            now = datetime.now(UTC)
            sent = [r.event_id for r, res in zip(rows, results, strict=True) if not isinstance(res, BaseException)]
            if sent:
                await session.execute(update(outbox).where(outbox.c.event_id.in_(sent)).values(published_at=now))
            for row, res in zip(rows, results, strict=True):
                if isinstance(res, BaseException):
                    await self._mark_failed(session, row, res, now)
        metrics.outbox_published.labels(self._service).inc(len(sent))
        return len(sent)

    def _mine(self) -> ColumnElement[bool]:
        """The outbox rows this relay publishes: all but the audit stream's."""
        return outbox.c.topic != topics.AUDIT

    async def _claim(self, session: AsyncSession) -> list:
        """Lock a batch of due rows; the audit stream's rows are left to the AuditRelay."""
        return list((await session.execute(
            select(outbox.c.event_id, outbox.c.topic, outbox.c.key, outbox.c.payload, outbox.c.attempts)
            .where(outbox.c.published_at.is_(None), outbox.c.next_attempt_at <= func.now(), self._mine())
            .order_by(outbox.c.created_at)
            .limit(self._batch_size)
            .with_for_update(skip_locked=True)
        )).all())

    async def _send_in_order(self, rows) -> list[object]:
        """Hand rows to the producer one by one (keeping their order), then await every ack."""
        pending: list[asyncio.Future | BaseException] = []
        for row in rows:
            try:
                pending.append(await self._producer.send(row.topic, row.payload, key=row.key.encode(),
                                                         headers=trace_headers(row.payload)))
            except Exception as error:  # noqa: BLE001 — kept on the row, retried later
                pending.append(error)
        waiting = [p for p in pending if not isinstance(p, BaseException)]
        acks = iter(await asyncio.gather(*waiting, return_exceptions=True))
        return [p if isinstance(p, BaseException) else next(acks) for p in pending]

    async def _mark_failed(self, session: AsyncSession, row, error: BaseException, now: datetime) -> None:
        log.warning("outbox publish failed", extra={"event_id": row.event_id, "error": repr(error)})
        await session.execute(
            update(outbox).where(outbox.c.event_id == row.event_id).values(
                attempts=row.attempts + 1,
                next_attempt_at=now + backoff(row.attempts + 1),
                last_error=repr(error)[:2000],
            )
        )

    async def oldest_unpublished_seconds(self) -> float:
        """How long the oldest row of this relay has waited (0 when none waits): the outbox age gauge."""
        async with self._sessions() as session:
            age = (await session.execute(
                select(func.extract("epoch", func.now() - func.min(outbox.c.created_at)))
                .where(outbox.c.published_at.is_(None), self._mine())
            )).scalar_one()
        return max(0.0, float(age or 0))

    async def backlog(self) -> int:
        """Rows of this relay not yet published (the outbox backlog gauge)."""
        async with self._sessions() as session:
            return (await session.execute(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None), self._mine())
            )).scalar_one()
