"""The credit ledger behaves alike in memory (`tests/ledger_fakes.py`) and in PostgreSQL: the same
scenarios run against both (the `uow` fixture), the PostgreSQL one in a unit of work never committed.
Its table has this module's database to itself, so the reads over the whole scope are exact."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from cme_credits.domain.review import ReviewState, Status
from cme_credits.domain.self_entry import Entry
from cme_platform.auth import Principal, Role
from cme_platform.errors import NotFound

CHAIN = ["unit", "city", "province"]


@pytest.fixture
def entered(uow, id_number):
    """Enters a credit with these values (a new person's, a draft of Hangzhou's unit-1 unless told)."""
    async def enter(origin_key: str | None = None, **values) -> str:
        credit_id = str(uuid.uuid4())
        row = dict(credit_id=credit_id, id_number=values.pop("id_number", None) or id_number(), name="王芳",
                   unit_id="unit-1", city_id="330100", jurisdiction="zhejiang", year=2026, credit_class="I",
                   level="provincial", credits=4.0, source="self_entry", project_name="学习班", status="draft",
                   chain=CHAIN, entered_by="acct-1", origin_key=origin_key) | values
        await uow.credits.add(row, actor="acct-1")
        return credit_id

    return enter


class TestWriting:
    async def test_a_credit_of_a_known_origin_is_entered_once_and_its_entry_recorded(self, uow, entered):
        origin = f"session:{uuid.uuid4()}"
        first = await entered(origin_key=origin)
        row = await uow.credits.get(first, scope=None)
        assert (row.status, row.stage, row.evidence_ids, row.details, row.audit_sampled) == ("draft", 0, [], {}, False)
        again = dict(credit_id=str(uuid.uuid4()), id_number=row.id_number, name="王芳", jurisdiction="zhejiang",
                     year=2026, credit_class="I", level="national", credits=4.0, source="session",
                     project_name="学习班", status="draft", chain=CHAIN, entered_by="acct-1", origin_key=origin)
        assert not await uow.credits.add(again, actor="relay")
        assert await uow.credits.add_many([again | {"origin_key": None}], actor="relay", action="reported") == {
            again["credit_id"]}
        assert [(h.action, h.actor) for h in await uow.credits.history(again["credit_id"])] == [("reported", "relay")]

    async def test_review_states_reasons_samples_and_history_are_kept_on_the_row(self, uow, entered):
        one, two = await entered(), await entered()
        in_review = ReviewState(Status.IN_REVIEW, 1, tuple(CHAIN))
        await uow.credits.save_state(one, in_review, reason="补充材料", credits=3.0)
        await uow.credits.save_states({two: ReviewState(Status.REJECTED, 0, tuple(CHAIN))}, reason="证明不清")
        await uow.credits.mark_sampled([two])
        await uow.credits.add_history(one, "approved", actor="acct-unit", level="unit")
        rows = await uow.credits.get_many_for_update([two, one, "never-entered"], scope=None)
        assert list(rows) == sorted([one, two])  # locked in id order
        assert (rows[one].status, rows[one].stage, rows[one].last_reason, rows[one].credits) == (
            "in_review", 1, "补充材料", 3.0)
        assert (rows[two].status, rows[two].last_reason, rows[two].audit_sampled) == ("rejected", "证明不清", True)
        assert [(h.action, h.level) for h in await uow.credits.history(one)] == [("entered", None),
                                                                                   ("approved", "unit")]


class TestScopes:
    async def test_each_caller_sees_only_the_credits_in_their_scope(self, uow, entered, id_number):
        person = id_number()
        mine = await entered(id_number=person)
        elsewhere = await entered(unit_id="unit-2", city_id="330200")
        imported = await entered(jurisdiction="sichuan", unit_id=None, city_id=None, entered_by="inst-1",
                                 source="remote_education")
        callers = {Principal("l", Role.LEARNER, id_number=person): {mine},
                   Principal("a", Role.UNIT_ADMIN, unit_id="unit-1"): {mine},
                   Principal("c", Role.CITY_OFFICE, city_id="330100", jurisdiction="zhejiang"): {mine},
                   Principal("p", Role.PROVINCIAL_OFFICE, jurisdiction="zhejiang"): {mine, elsewhere},
                   Principal("i", Role.REMOTE_EDUCATION): set(),
                   Principal("inst-1", Role.REMOTE_EDUCATION): {imported},
                   Principal("o", Role.PROJECT_OWNER): set(), None: {mine, elsewhere, imported}}
        for caller, seen in callers.items():
            assert {r.credit_id for r in await uow.credits.listed(scope=caller)} == seen, caller
            assert (await uow.credits.get(mine, scope=caller) is not None) == (mine in seen), caller
        with pytest.raises(NotFound):
            await uow.credits.get_for_update(elsewhere, scope=Principal("a", Role.UNIT_ADMIN, unit_id="unit-1"))
        assert [r.credit_id for r in await uow.credits.of_person(person, scope=None)] == [mine]


class TestReading:
    async def test_queues_public_records_samples_people_and_statistics(self, uow, entered, id_number):
        person = id_number()
        waiting = await entered(id_number=person, status="in_review", stage=1)
        approved = await entered(id_number=person, status="approved", year=2025, credits=2.5)
        await entered(status="in_review", stage=2)
        reported = await entered(status="approved", source="session", credit_class="II")
        assert [r.credit_id for r in await uow.credits.awaiting("city", scope=None)] == [waiting]
        assert [r.credit_id for r in await uow.credits.approved_of(person)] == [approved]
        assert await uow.credits.approved_self_entries(scope=None, year=2025) == [approved]
        people = await uow.credits.of_people(scope=None, year=2026, unit_id="unit-1")
        assert {r.credit_id for r in people[person]} == {waiting, approved} and len(people) == 3
        statistics = sorted(await uow.credits.statistics(scope=None, year=2026))
        assert statistics == [("approved", "II", 1, 4.0, 1), ("in_review", "I", 2, 8.0, 2)]
        assert reported not in await uow.credits.approved_self_entries(scope=None, year=2026)


class TestDuplicates:
    async def test_a_live_credit_of_a_project_or_activity_or_category_is_held_unless_ignored(self, uow, entered,
                                                                                            id_number):
        person = id_number()
        by_number = await entered(id_number=person, project_number="2026-14-05-001（国）")
        activity = dict(project_name="急救技能培训", credits=2.0, hours=6.0, start_date=date(2026, 5, 1),
                        end_date=date(2026, 5, 1))
        by_activity = await entered(id_number=person, **activity)
        await entered(id_number=person, category="residency", status="rejected")
        kept = await entered(id_number=person, category="residency", year=2025)
        assert await uow.credits.holds_project(person, "2026-14-05-001 (国)")
        assert not await uow.credits.holds_project(person, "2026-14-05-001 (国)", ignore=by_number)
        assert not await uow.credits.holds_project(person, None)
        entry = Entry("local", person, "王芳", " 急救技能培训 ", 2.0, hours=6.0, start_date=date(2026, 5, 1),
                      end_date=date(2026, 5, 1))
        assert await uow.credits.holds_activity(person, entry)
        assert not await uow.credits.holds_activity(person, entry, ignore=by_activity)
        undated = Entry("local", person, "王芳", "急救技能培训", 2.0, hours=6.0, year=2026)
        assert not await uow.credits.holds_activity(person, undated)
        assert not await uow.credits.has_category_in_year(person, "residency", 2026)  # the rejected one is dead
        assert await uow.credits.has_category_in_year(person, "residency", 2025)
        assert not await uow.credits.has_category_in_year(person, "residency", 2025, ignore=kept)
