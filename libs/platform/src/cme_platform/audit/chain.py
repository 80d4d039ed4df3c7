"""Chaining audit records: the writing transaction stores entries, the sealer chains them.

Writers never lock anything for the audit chain: `store` inserts a transaction's entries as
plain rows. One sealer per service (the replica holding an advisory lock) takes the stored
entries of finished transactions in transaction order, numbers, chains and signs them after
the chain head, queues them in the outbox for `AuditRelay`, and moves the head, all in one
transaction: a sealer killed mid-batch leaves nothing sealed, and the next one starts where
the head says, so the chain has no gap and no fork.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from cme_contracts import Envelope, topics
from cme_platform.audit.keys import AuditSigner
from cme_platform.audit.record import GENESIS_HASH, RECORD_TYPE, AuditEntry, seal
from cme_platform.db.tables import audit_chain, audit_entry, outbox


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


async def store(session: AsyncSession, service: str, entries: Sequence[AuditEntry]) -> None:
    """Keep a transaction's entries for the sealer, in one statement and without a lock."""
    await session.execute(insert(audit_entry), [{"service": service, "entry": e.to_json()} for e in entries])


async def seal_stored(session: AsyncSession, service: str, signer: AuditSigner, limit: int) -> list[dict]:
    """Chain and sign up to `limit` stored entries of finished transactions; [] if another replica seals.

    Only entries of transactions older than the oldest one still running are taken
    (`pg_snapshot_xmin`): a transaction that began earlier but commits later cannot then
    add an entry that belongs before a sequence number already sealed.
    """
    lock = zlib.crc32(f"cme.audit.sealer:{service}".encode())
    if not (await session.execute(text("select pg_try_advisory_xact_lock(:k)"), {"k": lock})).scalar_one():
        return []
    horizon = (await session.execute(text("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint"))).scalar_one()
    rows = (await session.execute(
        select(audit_entry.c.position, audit_entry.c.entry)
        .where(audit_entry.c.service == service, audit_entry.c.txid < horizon)
        .order_by(audit_entry.c.txid, audit_entry.c.position).limit(limit))).all()
    if not rows:
        return []
    records = await _append(session, service, signer, [AuditEntry.from_json(row.entry) for row in rows])
    await session.execute(delete(audit_entry).where(audit_entry.c.position.in_([row.position for row in rows])))
    return records


async def _append(session: AsyncSession, service: str, signer: AuditSigner, entries: list[AuditEntry]) -> list[dict]:
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
    await session.execute(insert(outbox), rows)
    await session.execute(update(audit_chain).where(audit_chain.c.service == service).values(
        sequence=records[-1]["sequence"], head_hash=records[-1]["hash"], updated_at=func.now()))
    return records
