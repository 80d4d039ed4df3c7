"""The projects service's repositories behave alike in memory (`tests/fakes.py`) and in PostgreSQL:
the same scenarios run against both, the PostgreSQL ones in a unit of work that is never committed."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from cme_contracts.events import CreditClass, EvidenceStored, ProjectLevel
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden
from cme_platform.testing.services import migrated_database, settings_for
from cme_projects.adapters.projects import ProjectFilter
from cme_projects.bootstrap import bootstrap
from cme_projects.config import ProjectsSettings
from cme_projects.domain.hold_application import DayPlan, HoldApplication, Plan, Status, StoredFile
from cme_projects.domain.numbers import normalize
from cme_projects.domain.project import Project

NOW = datetime(2026, 11, 1, 2, tzinfo=UTC)
OWNER = Principal("owner-1", Role.PROJECT_OWNER, unit_id="unit-1", jurisdiction="jiangsu")
ADMIN = Principal("admin-2", Role.UNIT_ADMIN, unit_id="unit-2")
OFFICE = Principal("office-js", Role.PROVINCIAL_OFFICE, jurisdiction="jiangsu")


@pytest.fixture(scope="module")
async def runtime(infra):
    """A projects runtime on its own migrated database; nothing is started, only units of work are made."""
    runtime = bootstrap(settings_for(infra, ProjectsSettings, await migrated_database(infra, "cme_projects")))
    yield runtime
    await runtime.engine.dispose()


@pytest.fixture(params=["in memory", "postgresql"])
async def uow(request, runtime, fake_uow):
    if request.param == "in memory":
        yield fake_uow
        return
    async with runtime.uow() as real:
        yield real


def project(number: str, *, year: int = 2026, session_no: int = 1, jurisdiction: str = "jiangsu",
            owner: str | None = "owner-1", unit: str | None = "unit-1", **values) -> Project:
    return Project(number, normalize(number), values.pop("name", "外科护理新进展"), ProjectLevel.NATIONAL,
                   CreditClass.I, 10, jurisdiction, year, session_no=session_no, owner_id=owner, unit_id=unit,
                   **values)


def application(of: Project, owner: str = "owner-1", unit: str = "unit-1") -> HoldApplication:
    plan = Plan("苏州", (DayPlan(date(2026, 12, 1), time(8, 30), time(12)),), 120,
                attachments={"meeting_notice": "n1"})
    return HoldApplication.draft(project_id=of.id, jurisdiction=of.jurisdiction, owner_id=owner, unit_id=unit,
                                 plan=plan, actor_role="project_owner", at=NOW)


class TestProjects:
    async def test_a_number_and_session_are_registered_once_per_jurisdiction(self, uow):
        first = project("2020-14-02-049 (国)")
        assert await uow.projects.add(first)
        assert not await uow.projects.add(project("2020-14-02-049（国）"))
        assert await uow.projects.add(project("2020-14-02-049 (国)", session_no=2))
        assert await uow.projects.add(project("2020-14-02-049 (国)", jurisdiction="sichuan"))
        assert await uow.projects.get(first.id, lock=True) == first
        assert await uow.projects.find("jiangsu", first.number_normalized, 1) == first
        assert await uow.projects.find("zhejiang", first.number_normalized, 1) is None

    async def test_a_saved_project_reads_back_changed(self, uow):
        first = project("2020480301016 (省)")
        await uow.projects.add(first)
        changed = first.with_changes(venue="南京", discipline="护理学")
        await uow.projects.save(changed)
        assert await uow.projects.get(first.id) == changed

    async def test_the_public_query_filters_and_orders_by_year_then_number(self, uow):
        older = project("2019-14-02-001 (国)", year=2019, discipline="护理学/外科护理学")
        b, a = project("2026-14-02-002 (国)", name="心血管病学进展"), project("2026-14-02-001 (国)", remote_filing=True)
        for p in (older, b, a):
            await uow.projects.add(p)
        everything = await uow.projects.search(ProjectFilter(), 1, 2)
        assert (everything.items, everything.total) == ([a, b], 3)
        assert (await uow.projects.search(ProjectFilter(), 2, 2)).items == [older]
        for where, found in ((ProjectFilter(number="2026－14－02－002（国）"), [b]), (ProjectFilter(name="血管"), [b]),
                             (ProjectFilter(discipline="外科"), [older]), (ProjectFilter(year=2019), [older]),
                             (ProjectFilter(remote_filing=True, level=ProjectLevel.NATIONAL), [a]),
                             (ProjectFilter(jurisdiction="sichuan"), [])):
            assert (await uow.projects.search(where, 1, 10)).items == found, where

    async def test_each_manager_sees_the_projects_in_their_scope(self, uow):
        mine = project("2026-14-02-101 (国)")
        theirs = project("2026-14-02-102 (国)", owner="owner-2", unit="unit-2")
        listed = project("2026-14-02-103 (国)", owner=None, unit=None, jurisdiction="sichuan")
        for p in (mine, theirs, listed):
            await uow.projects.add(p)
        assert (await uow.projects.managed(scope=OWNER, page=1, page_size=10)).items == [mine]
        assert (await uow.projects.managed(scope=ADMIN, page=1, page_size=10)).items == [theirs]
        assert (await uow.projects.managed(scope=OFFICE, page=1, page_size=10)).total == 2
        with pytest.raises(Forbidden):
            await uow.projects.managed(scope=Principal("l-1", Role.LEARNER), page=1, page_size=10)


class TestHoldApplications:
    async def test_an_application_reads_back_with_every_step_taken(self, uow):
        registered = project("2026-14-02-201 (国)")
        await uow.projects.add(registered)
        drafted = application(registered)
        await uow.applications.add(drafted)
        revised = drafted.revise(replace(drafted.plan, venue="苏州国际会议中心", remarks="改在大会堂"),
                                 actor_id="owner-1", actor_role="project_owner", at=NOW + timedelta(minutes=1))
        await uow.applications.save(drafted, revised)
        assert await uow.applications.get(drafted.id, lock=True) == revised
        assert [s.action for s in revised.steps] == ["drafted", "revised"]
        assert await uow.applications.get("app-never-drafted") is None

    async def test_the_list_names_each_applications_project_within_the_scope_and_status(self, uow):
        registered = project("2026-14-02-301 (国)", name="疼痛治疗新进展")
        await uow.projects.add(registered)
        mine, theirs = application(registered), application(registered, owner="owner-2", unit="unit-2")
        await uow.applications.add(mine)
        await uow.applications.add(theirs)
        page = await uow.applications.list(scope=OWNER, status=None, page=1, page_size=10)
        (item,) = page.items
        assert (item["id"], item["status"], item["number"], item["name"], item["plan"]["venue"]) == (
            mine.id, "draft", "2026-14-02-301 (国)", "疼痛治疗新进展", "苏州")
        assert (await uow.applications.list(scope=OFFICE, status=Status.DRAFT, page=1, page_size=10)).total == 2
        assert (await uow.applications.list(scope=OFFICE, status=Status.APPROVED, page=1, page_size=10)).items == []


class TestStoredEvidence:
    async def test_a_stored_file_is_remembered_once_and_found_among_the_ids_asked(self, uow):
        evidence_id = str(uuid.uuid4())
        stored = EvidenceStored(evidence_id=evidence_id, owner_id="owner-1", kind="meeting_notice", sha256="0" * 64,
                                size=2048, content_type="application/pdf", filename="通知.pdf", stored_at=NOW)
        await uow.evidence.record(stored)
        await uow.evidence.record(stored.model_copy(update={"size": 1}))
        assert await uow.evidence.stored_files([evidence_id, "never-stored"]) == {
            evidence_id: StoredFile(evidence_id, "owner-1", "meeting_notice", 2048)}
        assert await uow.evidence.stored_files([]) == {}
