"""Appending audit records to a service's chain inside the writing transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from cme_contracts import Envelope, topics
from cme_platform.audit.keys import AuditSigner
from cme_platform.audit.record import GENESIS_HASH, RECORD_TYPE, AuditEntry, seal
from cme_platform.db.tables import audit_chain, outbox


def link(service: str, signer: AuditSigner, entries: Sequence[AuditEntry], *,
         after: int = 0, head: str = GENESIS_HASH) -> list[dict]:
    """Sealed records for entries, numbered and chained after sequence `after` with hash `head`."""
    records = []
    for sequence, entry in enumerate(entries, after + 1):
        body = entry.body(service=service, sequence=sequence, previous_hash=head, record_id=str(uuid.uuid4()),
                          key=signer.key_id)
        records.append(seal(body, signer.private_key))
        head = records[-1]["hash"]
    return records


async def append(session: AsyncSession, service: str, signer: AuditSigner, entries: Sequence[AuditEntry]) -> list[dict]:
    """Chain and sign entries after the service's chain head and queue them in the outbox.

    The head row is locked FOR UPDATE until the transaction ends, so replicas of one service
    writing at once take turns: no two records get one sequence number or one predecessor.
    Call this last in a transaction (UnitOfWork.commit does) to hold the lock briefly.
    """
    await session.execute(pg_insert(audit_chain).values(service=service, sequence=0, head_hash=GENESIS_HASH)
                          .on_conflict_do_nothing())
    after, head = (await session.execute(
        select(audit_chain.c.sequence, audit_chain.c.head_hash)
        .where(audit_chain.c.service == service).with_for_update()
    )).one()
    records = link(service, signer, entries, after=after, head=head)
    rows = []
    for entry, record in zip(entries, records, strict=True):
        envelope = Envelope(id=record["record_id"], source=f"/cme/{service}", type=RECORD_TYPE, subject=entry.subject,
                            time=entry.occurred_at, correlationid=entry.correlation_id,
                            causationid=entry.causation_id, traceparent=entry.traceparent, data=record)
        rows.append({"event_id": record["record_id"], "topic": topics.AUDIT, "key": service,
                     "event_type": RECORD_TYPE, "payload": envelope.to_bytes()})
    # One statement for the whole batch: the chain lock is held until commit, so every
    # round trip here is time other writers of this service wait.
    await session.execute(insert(outbox), rows)
    await session.execute(update(audit_chain).where(audit_chain.c.service == service).values(
        sequence=records[-1]["sequence"], head_hash=records[-1]["hash"], updated_at=func.now()))
    return records
