"""The evidence repository behaves alike in memory and in PostgreSQL (the contract of the fake the unit
tests use): the same scenarios run against both."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from cme_evidence.domain.evidence import Evidence, Subject, Uploader, new_evidence
from cme_platform.errors import Conflict

STORED = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture(params=["in memory", "postgresql"])
async def evidence(request, evidence_service, fake_uow):
    """The repository under test; the PostgreSQL one works in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_uow.evidence
        return
    async with evidence_service.runtime.uow() as uow:
        yield uow.evidence


def a_file(*, jurisdiction: str = "sichuan", stored_at: datetime = STORED, subject: Subject | None = None,
           previous: Evidence | None = None) -> Evidence:
    uploader = Uploader(f"acct-{uuid.uuid4().hex[:8]}", "unit-1", "510100", jurisdiction)
    return new_evidence(uploader, "credit_proof", "学分证明.pdf", "application/pdf", 1024, "0" * 64,
                        stored_at=stored_at, subject=subject, previous=previous, assembled_from=("img-1", "img-2"))


async def test_a_stored_file_reads_back_with_its_uploader_subject_and_version(evidence):
    first = a_file(subject=Subject("credit_claim", "credit-1"))
    await evidence.add(first)
    assert await evidence.get(first.id, for_update=True) == first
    assert await evidence.get(str(uuid.uuid4())) is None


async def test_a_new_version_names_its_predecessor_and_a_second_successor_is_refused(evidence):
    first = a_file()
    second = a_file(previous=first)
    await evidence.add(first)
    await evidence.add(second)
    assert await evidence.successor_of(first.id) == second.id
    assert await evidence.successor_of(second.id) is None
    with pytest.raises(Conflict) as refused:
        await evidence.add(a_file(previous=first))  # last: PostgreSQL's transaction is aborted after this
    assert refused.value.code == "evidence.not_latest_version"


async def test_an_attached_file_supports_its_subject(evidence):
    item = a_file()
    await evidence.add(item)
    await evidence.attach(item.id, Subject("hold_application", "app-1"), STORED + timedelta(hours=1))
    assert (await evidence.get(item.id)).subject == Subject("hold_application", "app-1")


async def test_unattached_files_stored_before_the_cutoff_oldest_first_within_a_jurisdiction(evidence):
    older, newer = a_file(jurisdiction="jinjiang", stored_at=STORED - timedelta(days=2)), a_file(jurisdiction="sichuan")
    late, attached = a_file(stored_at=STORED + timedelta(days=2)), a_file(subject=Subject("credit_claim", "c-2"))
    elsewhere = a_file(jurisdiction="zhejiang", stored_at=STORED - timedelta(days=1))
    mine = {i.id for i in (older, newer, late, attached, elsewhere)}
    for item in (newer, older, late, attached, elsewhere):
        await evidence.add(item)
    cutoff = STORED + timedelta(days=1)
    assert [i for i in await evidence.unattached_before(cutoff, "sichuan") if i.id in mine] == [older, newer]
    assert [i for i in await evidence.unattached_before(cutoff, None) if i.id in mine] == [older, elsewhere, newer]


async def test_a_deleted_file_is_gone_and_deleting_an_unknown_one_is_harmless(evidence):
    item = a_file()
    await evidence.add(item)
    await evidence.delete(item.id)
    await evidence.delete(str(uuid.uuid4()))
    assert await evidence.get(item.id) is None
