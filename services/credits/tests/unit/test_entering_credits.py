"""Entering credits by hand, as use cases on in-memory repositories: a draft once, announced; the same
project again refused; a unit enters only its registered people; a correction is re-assessed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from cme_contracts.events import CreditEntered
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.identity import with_check_digit
from cme_credits.domain.self_entry import Entry
from cme_credits.service_layer.entries import correct, enter, enter_many
from cme_platform.auth import Principal, Role

PERSON, STRANGER = with_check_digit("33010619850315001"), with_check_digit("33010619850315003")
OUT_OF_PROVINCE = Entry(
    category="out_of_province", id_number=PERSON, name="王芳", project_name="口腔正畸专科培训",
    project_number="2021-08-03-036（国）", sponsor="中华口腔医学会继续教育培训部", level="national",
    credits=10, hours=30, start_date=date(2021, 5, 10), end_date=date(2021, 5, 16), evidence_ids=("ev-1",),
)
LEARNER = Principal("acct-learner", Role.LEARNER, name="王芳", id_number=PERSON, unit_id="unit-1",
                    city_id="330100", jurisdiction="zhejiang")
UNIT_ADMIN = Principal("acct-admin", Role.UNIT_ADMIN, unit_id="unit-1", city_id="330100", jurisdiction="zhejiang")


@pytest.fixture
async def uow(fake_uow):
    """The fakes, with the learner's proof stored (as the evidence service announced it)."""
    await fake_uow.evidence.save("ev-1", owner_id="acct-learner", kind="credit_proof", content_type="application/pdf",
                                 filename="证书.pdf", subject_type=None, subject_id=None)
    return fake_uow


async def refused(call) -> str:
    with pytest.raises(CreditRefused) as refusal:
        await call
    return refusal.value.code


class TestEntering:
    async def test_a_learners_entry_is_a_draft_announced_with_its_evidence(self, uow):
        saved = await enter(uow, LEARNER, OUT_OF_PROVINCE, jurisdiction=None)
        row = await uow.credits.get(saved["credit_id"], scope=LEARNER)
        assert (row.status, row.level, row.year, row.unit_id, row.evidence_ids) == ("draft", "national", 2021, "unit-1",
                                                                                   ["ev-1"])
        assert [(e["credit_id"], e["evidence_ids"]) for e in uow.events(CreditEntered)] == [(saved["credit_id"],
                                                                                              ["ev-1"])]

    async def test_the_same_project_entered_again_however_written_is_refused(self, uow):
        await enter(uow, LEARNER, OUT_OF_PROVINCE, jurisdiction=None)
        again = replace(OUT_OF_PROVINCE, project_number="2021-08-03-036 (国)")
        assert await refused(enter(uow, LEARNER, again, jurisdiction=None)) == "self_entry.duplicate"
        assert len(uow.credits.rows) == 1 and len(uow.events(CreditEntered)) == 1

    async def test_a_unit_enters_its_registered_people_and_each_other_is_refused_with_the_reason(self, uow,
                                                                                                fake_members):
        await fake_members.approve("acct-learner", unit_id="unit-1", id_number=OUT_OF_PROVINCE.id_number,
                                   name="王芳", jurisdiction="zhejiang", approved_at=datetime(2026, 3, 1, tzinfo=UTC))
        await uow.evidence.save("ev-unit", owner_id="acct-admin", kind="credit_proof", content_type="application/pdf",
                                filename="名单.pdf", subject_type=None, subject_id=None)
        people = [{"id_number": PERSON, "name": "王芳", "evidence_ids": ["ev-unit"]},
                  {"id_number": STRANGER, "name": "李明", "evidence_ids": ["ev-unit"]}]
        report = await enter_many(uow, UNIT_ADMIN, OUT_OF_PROVINCE, people, jurisdiction=None)
        assert [(r["ok"], r.get("code")) for r in report] == [(True, None), (False, "self_entry.not_in_unit")]

    async def test_a_correction_is_assessed_again_and_recorded(self, uow):
        saved = await enter(uow, LEARNER, OUT_OF_PROVINCE, jurisdiction=None)
        corrected = await correct(uow, LEARNER, saved["credit_id"], {"hours": 24, "project_name": "口腔正畸培训班"})
        row = await uow.credits.get(saved["credit_id"], scope=None)
        assert (corrected["status"], row.hours, row.project_name) == ("draft", 24, "口腔正畸培训班")
        assert [h.action for h in await uow.credits.history(saved["credit_id"])] == ["entered", "corrected"]
        assert await refused(correct(uow, LEARNER, saved["credit_id"], {"evidence_ids": ["ev-2"]})) == \
            "correction.evidence_changed"
