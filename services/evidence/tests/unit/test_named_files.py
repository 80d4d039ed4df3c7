"""Files named by other services' records are attached to them, once; the others become orphans in time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from cme_contracts.events import CreditEntered, EvidenceAttached
from cme_evidence.domain.evidence import Subject, Uploader, new_evidence
from cme_evidence.service_layer.in_use import on_credit_entered
from cme_evidence.service_layer.orphans import find_orphans
from cme_platform.clock import Clock, offset_to

STORED = datetime(2026, 3, 1, 9, tzinfo=UTC)


async def stored(uow, subject: Subject | None = None, stored_at: datetime = STORED):
    item = new_evidence(Uploader("acct-1", jurisdiction="sichuan"), "credit_proof", "证明.pdf", "application/pdf",
                        10, "0" * 64, stored_at=stored_at, subject=subject)
    await uow.evidence.add(item)
    return item


def entered(*evidence_ids: str) -> CreditEntered:
    return CreditEntered(credit_id=str(uuid.uuid4()), id_number="510107198501011234", source="self_entry",
                         jurisdiction="sichuan", entered_by="acct-1", evidence_ids=list(evidence_ids))


class TestNamedFiles:
    async def test_an_entrys_files_are_attached_to_it_and_announced(self, fake_uow):
        proof = await stored(fake_uow)
        event = entered(proof.id, proof.id, "evidence-removed-since")
        await on_credit_entered(event, fake_uow)
        await fake_uow.commit()  # the consumer commits the batch
        assert (await fake_uow.evidence.get(proof.id)).subject == Subject("credit_claim", event.credit_id)
        assert [e["evidence_id"] for e in fake_uow.events(EvidenceAttached)] == [proof.id]

    async def test_a_file_already_supporting_another_record_stays_with_it(self, fake_uow):
        earlier = Subject("credit_claim", "credit-rejected-before")
        proof = await stored(fake_uow, subject=earlier)
        await on_credit_entered(entered(proof.id), fake_uow)
        await fake_uow.commit()
        assert (await fake_uow.evidence.get(proof.id)).subject == earlier
        assert fake_uow.events(EvidenceAttached) == []


class TestOrphans:
    async def test_only_files_unattached_past_the_grace_period_are_orphans(self, fake_uow):
        fake_uow.clock = Clock(offset_to(STORED + timedelta(days=8)))
        old = await stored(fake_uow)
        await stored(fake_uow, stored_at=STORED + timedelta(days=7))
        await stored(fake_uow, subject=Subject("credit_claim", "c-1"))
        assert await find_orphans(fake_uow, timedelta(days=3), "sichuan") == [old]
        assert await find_orphans(fake_uow, timedelta(days=3), "zhejiang") == []
