"""Unit of work: one transaction for a state change and the events it causes."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Self

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cme_contracts import Envelope, IntegrationEvent
from cme_platform import context
from cme_platform.audit import chain as audit_chain
from cme_platform.audit.record import AuditEntry
from cme_platform.clock import SYSTEM_CLOCK, Clock
from cme_platform.db.repository import repositories_of
from cme_platform.db.tables import inbox, outbox
from cme_platform.doorbell import Doorbell


class UnitOfWork:
    """`async with uow: ...; await uow.commit()` — rolls back unless committed.

    `publish` writes the event to the outbox inside the same transaction as the state
    change, so either both happen or neither does; nothing is sent to Kafka from here.
    Every published event, and every `audit` call, also becomes an entry of the service's
    audit chain, stored at commit and signed by the service's `AuditSealer` (contracts/audit.md).
    A service subclasses it and names its repositories as annotated attributes
    (`scans: ScanRepository`); each is made on the unit's session when the unit is entered.
    """

    session: AsyncSession
    clock: Clock = SYSTEM_CLOCK
    """Where the unit's "now" comes from; the Runtime sets the service's clock."""
    doorbell: Doorbell | None = None
    """Rung after every commit, for the loops that carry rows onward; the Runtime sets its process's."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], source: str):
        self._sessions = sessions
        self.source = source
        self.published: list[Envelope] = []

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        for name, repository in repositories_of(type(self)).items():
            setattr(self, name, repository(self.session))
        self.published = []
        self._audit_entries: list[AuditEntry] = []
        self._after_commit: list[Callable[[], Awaitable[None] | None]] = []
        self._committed = False
        return self

    async def __aexit__(self, *exc) -> None:
        if not self._committed:
            await self.session.rollback()
        await self.session.close()

    async def commit(self) -> None:
        """Make the state change, its outbox rows and its audit entries durable together."""
        if self._audit_entries:
            # Stored, not yet chained: the sealer signs them after commit, so writers never wait on each other.
            await audit_chain.store(self.session, self.source, self._audit_entries)
            self._audit_entries = []
        await self.session.commit()
        self._committed = True
        if self.doorbell is not None:
            self.doorbell.ring()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            done = action()
            if inspect.isawaitable(done):
                await done

    def after_commit(self, action: Callable[[], Awaitable[None] | None]) -> None:
        """Run `action` once this unit commits (never if it rolls back): for counting what really happened,
        or for a cache that may only hear of what is stored (awaited when it is a coroutine)."""
        self._after_commit.append(action)

    async def rollback(self) -> None:
        """Discard everything done in this unit so far."""
        await self.session.rollback()
        self._audit_entries = []
        self._after_commit = []

    async def publish(self, event: IntegrationEvent, *, subject: str | None = None) -> Envelope:
        """Queue an integration event in the outbox; returns its envelope."""
        (envelope,) = await self.publish_many([event], subject=subject)
        return envelope

    async def publish_many(self, events: Sequence[IntegrationEvent], *, subject: str | None = None) -> list[Envelope]:
        """Queue several events in the outbox with one statement (a batch of scans, of credits)."""
        if not events:
            return []
        envelopes = [self.envelope(event, subject=subject) for event in events]
        await self.session.execute(insert(outbox), [
            {"event_id": envelope.id, "topic": event.topic, "key": event.partition_key(),
             "event_type": envelope.type, "payload": envelope.to_bytes()}
            for event, envelope in zip(events, envelopes, strict=True)])
        self.published.extend(envelopes)
        self._audit_entries.extend(self._entry(
            envelope.type, subject=envelope.subject, event_id=envelope.id, event_type=envelope.type,
            details=envelope.data, traceparent=envelope.traceparent, correlation_id=envelope.correlationid,
        ) for envelope in envelopes)
        return envelopes

    async def audit(self, action: str, *, subject: str, actor: str | None = None, details: dict | None = None) -> None:
        """Record a state change that matters to a regulator but is no integration event
        (e.g. a refused scan), in this transaction, for the audit stream.

        Published integration events are audited by `publish` already. The actor defaults to
        the signed-in caller of the current request.
        """
        entry = self._entry(action, subject=subject, details=details or {})
        if actor is not None:
            entry = replace(entry, actor=actor, actor_role=entry.actor_role if actor == entry.actor else None)
        self._audit_entries.append(entry)

    def _entry(self, action: str, *, subject: str | None, details: dict, **fields) -> AuditEntry:
        ctx = context.current()
        values = {"correlation_id": ctx.correlation_id, "causation_id": ctx.causation_id,
                  "traceparent": ctx.traceparent} | fields
        return AuditEntry(action=action, subject=subject, actor=ctx.actor, actor_role=ctx.actor_role,
                          details=details, occurred_at=self.clock.now(), **values)

    def envelope(self, event: IntegrationEvent, *, subject: str | None = None) -> Envelope:
        """Wrap an event with this service as source and the current trace context."""
        ctx = context.current()
        return Envelope(
            source=f"/cme/{self.source}",
            type=event.type_name(),
            time=self.clock.now(),
            subject=subject or event.partition_key(),
            schemaversion=event.version,
            correlationid=ctx.correlation_id or str(uuid.uuid4()),
            causationid=ctx.causation_id,
            traceparent=context.new_traceparent(ctx.traceparent),
            data=event.model_dump(mode="json"),
        )

    async def claim_inbox(self, consumer: str, envelopes: Sequence[Envelope]) -> set[str]:
        """Record that consumer handles these events, in one statement; the ids it had not yet."""
        if not envelopes:
            return set()
        rows = [dict(consumer=consumer, event_id=e.id, event_type=e.type) for e in envelopes]
        # executemany with RETURNING: one cached statement whatever the batch size (see insertmanyvalues).
        result = await self.session.execute(
            pg_insert(inbox).on_conflict_do_nothing().returning(inbox.c.event_id), rows)
        return set(result.scalars())
