"""The credits mirrors, early review and import batches behave alike in memory (`tests/fakes.py`) and
in PostgreSQL (the contract of the fakes the unit tests use): the same scenarios run against both, the
PostgreSQL ones in a unit of work that is never committed (the `uow` fixture). The ledger's contract is
`test_ledger_contract.py`."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from cme_credits.adapters.tables import import_batch
from cme_credits.domain.early_review import Window
from cme_credits.domain.identity import normalize_number
from cme_credits.domain.self_entry import StoredFile

EARLIER = datetime(2026, 3, 1, 9, tzinfo=UTC)
LATER = EARLIER + timedelta(days=2)


@pytest.fixture
def members(uow):
    """The unit-members mirror under test."""
    return uow.members


def unit() -> str:
    return f"unit-{uuid.uuid4().hex[:8]}"


async def test_an_approved_person_is_registered_under_their_name_in_that_unit_only(members, id_number):
    person, here, elsewhere = id_number(), unit(), unit()
    await members.approve("acct-1", unit_id=here, id_number=person, name="刘洋", jurisdiction="jinjiang",
                          approved_at=EARLIER)
    assert await members.registered_name(here, person) == "刘洋"
    assert await members.registered_name(elsewhere, person) is None
    assert await members.registered_name(None, person) is None  # a caller without a unit has no members
    assert await members.registered_name(here, id_number()) is None


async def test_a_new_decision_on_the_same_account_replaces_the_old_one(members, id_number):
    person, first, second = id_number(), unit(), unit()
    await members.approve("acct-2", unit_id=first, id_number=person, name="刘洋", jurisdiction=None,
                          approved_at=EARLIER)
    await members.approve("acct-2", unit_id=second, id_number=person, name="刘 洋", jurisdiction=None,
                          approved_at=LATER)
    assert await members.registered_name(first, person) is None
    assert await members.registered_name(second, person) == "刘 洋"


async def test_of_two_accounts_of_one_person_in_a_unit_the_latest_approval_names_them(members, id_number):
    person, here = id_number(), unit()
    await members.approve("acct-3", unit_id=here, id_number=person, name="新名字", jurisdiction=None,
                          approved_at=LATER)
    await members.approve("acct-4", unit_id=here, id_number=person, name="旧名字", jurisdiction=None,
                          approved_at=EARLIER)
    assert await members.registered_name(here, person) == "新名字"


async def test_a_removed_account_is_no_member_and_removing_an_unknown_one_is_harmless(members, id_number):
    person, here = id_number(), unit()
    await members.approve("acct-5", unit_id=here, id_number=person, name="陈静", jurisdiction=None,
                          approved_at=EARLIER)
    await members.remove("acct-5")
    await members.remove("acct-never-approved")
    assert await members.registered_name(here, person) is None


class TestEvidenceMirror:
    async def test_a_stored_file_is_known_by_its_type_and_owner_the_latest_announcement_winning(self, uow):
        evidence_id = str(uuid.uuid4())
        values = dict(owner_id="acct-1", kind="credit_proof", content_type="image/png", filename="证明.png",
                      subject_type=None, subject_id=None)
        await uow.evidence.save(evidence_id, **values)
        await uow.evidence.save(evidence_id, **values | {"content_type": "application/pdf"})
        assert await uow.evidence.stored_files([evidence_id, "never-stored"]) == {
            evidence_id: StoredFile("application/pdf", "acct-1")}
        assert await uow.evidence.stored_files([]) == {}


class TestProjectMirror:
    async def test_a_project_number_however_written_is_on_record_with_its_remote_filings(self, uow):
        number = f"2021-14-05-{uuid.uuid4().int % 1000:03d}（国）"
        values = dict(number=number, number_normalized=normalize_number(number), name="学习班",
                      level="national", credit_class="I", credits=4, jurisdiction="zhejiang", year=2021,
                      remote_filing=False, co_organizer=None)
        await uow.projects.save(str(uuid.uuid4()), **values)
        assert await uow.projects.facts(number.replace("（国）", " (国)")) == (True, [])
        filed = str(uuid.uuid4())
        await uow.projects.save(filed, **values | {"jurisdiction": "sichuan"})
        await uow.projects.save(filed, **values | {"jurisdiction": "sichuan", "remote_filing": True,
                                                   "co_organizer": "四川省人民医院"})
        on_record, filings = await uow.projects.facts(number)
        assert on_record and [(f.jurisdiction, f.co_organizer) for f in filings] == [("sichuan", "四川省人民医院")]
        assert await uow.projects.facts("2099-01-01-001（国）") == (False, [])
        assert await uow.projects.facts(None) == (False, [])


class TestEarlyReview:
    async def test_the_latest_window_of_a_jurisdictions_year_counts(self, uow):
        await uow.early_review.save_window("zhejiang", Window(2026, date(2026, 9, 1), date(2026, 9, 30)), set_by="a")
        moved = Window(2026, date(2026, 10, 1), date(2026, 10, 31))
        await uow.early_review.save_window("zhejiang", moved, set_by="b")
        assert await uow.early_review.windows([("zhejiang", 2026), ("zhejiang", 2026), ("jiangsu", 2026)]) == {
            ("zhejiang", 2026): moved}
        assert await uow.early_review.windows([]) == {}

    async def test_a_person_listed_again_belongs_to_the_latest_list(self, uow, id_number):
        person, other = id_number(), id_number()

        def application(unit_id: str) -> dict:
            return dict(application_id=str(uuid.uuid4()), jurisdiction="zhejiang", year=2026, unit_id=unit_id,
                        unit="杭州市第一人民医院", submitted_by="admin-1")

        await uow.early_review.add_application(application("unit-1"), [{"id_number": person, "name": "王芳",
                                                                         "phone": "13800000000"}])
        await uow.early_review.add_application(application("unit-2"), [{"id_number": person, "name": "王芳",
                                                                         "phone": "13900000000"}])
        await uow.early_review.add_application(application("unit-3"), [])
        asked = [("zhejiang", 2026, person), ("zhejiang", 2026, other), ("zhejiang", 2025, person)]
        assert await uow.early_review.listed(asked) == {("zhejiang", 2026, person)}
        assert await uow.early_review.listed([]) == set()


async def test_an_institutions_file_is_kept_once(uow):
    institution, first, again = f"inst-{uuid.uuid4().hex[:8]}", str(uuid.uuid4()), str(uuid.uuid4())
    await uow.import_batches.add(first, institution=institution, sha256="a" * 64, filename="一.xlsx",
                                 report={"rows": 2})
    await uow.import_batches.add(first, institution=institution, sha256="b" * 64, filename="二.xlsx", report={})
    await uow.import_batches.add(again, institution=institution, sha256="a" * 64, filename="三.xlsx", report={})
    # The repository only writes (the report is read by no use case): each is read where it keeps its batches.
    if hasattr(uow.import_batches, "batches"):
        kept = {i: (b["filename"], b["report"]) for i, b in uow.import_batches.batches.items()}
    else:
        rows = await uow.import_batches.session.execute(select(import_batch).where(
            import_batch.c.institution == institution))
        kept = {r.batch_id: (r.filename, r.report) for r in rows}
    assert kept == {first: ("一.xlsx", {"rows": 2})}
