"""Sealing the audit chain off the write path: writers store entries without waiting on each
other; one sealer at a time chains them, in transaction order, without a gap or a fork."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from cme_platform.audit import AuditSigner, Keyring
from cme_platform.audit import chain as audit_chain
from cme_platform.audit.sealer import AuditSealer
from cme_platform.audit.verify import verify
from cme_platform.db import UnitOfWork, outbox
from cme_platform.testing.services import platform_database

SIGNER = AuditSigner(Ed25519PrivateKey.generate())


@pytest.fixture
async def db(infra):
    async with platform_database(infra, "sealer") as sessions:
        yield sessions


async def write(sessions, service: str, subject: str) -> None:
    uow = UnitOfWork(sessions, service)
    async with uow:
        await uow.audit("credit.approved", subject=subject, actor="acct-1")
        await uow.commit()


async def chain_of(sessions, service: str) -> list[dict]:
    async with sessions() as s:
        payloads = (await s.execute(select(outbox.c.payload).where(outbox.c.key == service)
                                    .order_by(outbox.c.created_at))).scalars().all()
    return [json.loads(p)["data"] for p in payloads]


def intact(records: list[dict], service: str) -> bool:
    ring = Keyring()
    ring.add(service, SIGNER.private_key.public_key())
    return verify([(f"0:{n}", r) for n, r in enumerate(records)], ring).intact


async def test_two_replicas_writing_and_sealing_at_once_make_one_gap_free_chain(db):
    service = f"sealer-{uuid.uuid4().hex[:8]}"
    replicas = [AuditSealer(db, service=service, signer=SIGNER, batch_size=7, poll_seconds=0.01) for _ in range(2)]
    sealing = [asyncio.create_task(r.run()) for r in replicas]
    await asyncio.gather(*(write(db, service, f"credit-{n}") for n in range(60)))
    while await replicas[0].backlog():
        await asyncio.sleep(0.05)
    for replica in replicas:
        replica.stop()
    await asyncio.gather(*sealing)
    records = await chain_of(db, service)
    assert [r["sequence"] for r in records] == list(range(1, 61))
    assert sorted(r["subject"] for r in records) == sorted(f"credit-{n}" for n in range(60))
    assert intact(records, service)


async def test_a_sealer_killed_mid_batch_leaves_nothing_sealed_and_the_next_resumes_without_a_gap(db, monkeypatch):
    service = f"sealer-{uuid.uuid4().hex[:8]}"
    for n in range(5):
        await write(db, service, f"credit-{n}")
    sealer = AuditSealer(db, service=service, signer=SIGNER, batch_size=3)
    assert await sealer.seal_once() == 3
    for n in range(5, 8):
        await write(db, service, f"credit-{n}")
    real_link = audit_chain.link

    def dies_after_signing(*args, **kwargs):
        real_link(*args, **kwargs)
        raise SystemExit("killed between signing and commit")

    monkeypatch.setattr(audit_chain, "link", dies_after_signing)
    with pytest.raises(SystemExit):
        await sealer.seal_once()
    monkeypatch.setattr(audit_chain, "link", real_link)
    assert len(await chain_of(db, service)) == 3
    while await sealer.seal_once():
        pass
    records = await chain_of(db, service)
    assert [r["sequence"] for r in records] == list(range(1, 9))
    assert [r["subject"] for r in records] == [f"credit-{n}" for n in range(8)]
    assert intact(records, service)


async def test_a_transaction_still_running_holds_back_later_ones_so_it_cannot_slip_under_a_sealed_number(db):
    service = f"sealer-{uuid.uuid4().hex[:8]}"
    sealer = AuditSealer(db, service=service, signer=SIGNER)
    slow = UnitOfWork(db, service)
    async with slow:
        await slow.audit("credit.approved", subject="begun-first", actor="acct-1")
        # The slow transaction stores its entry (and so has its transaction id) but has not committed.
        await audit_chain.store(slow.session, service, slow._audit_entries)
        slow._audit_entries = []
        await write(db, service, "committed-meanwhile")
        assert await sealer.seal_once() == 0, "the later commit waits for the transaction that began before it"
        await slow.commit()
    assert await sealer.seal_once() == 2
    assert [r["subject"] for r in await chain_of(db, service)] == ["begun-first", "committed-meanwhile"]
