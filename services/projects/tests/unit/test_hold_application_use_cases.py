"""The registry and the hold-application workflow run as use cases on in-memory repositories: what is
stored, refused and announced."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from cme_contracts.events import (
    CreditClass,
    EvidenceStored,
    HoldApplicationApproved,
    HoldApplicationSubmitted,
    ProjectLevel,
    ProjectPublished,
)
from cme_platform.auth import Principal, Role
from cme_platform.clock import Clock, offset_to
from cme_platform.errors import Conflict, DomainError
from cme_projects.domain.hold_application import DayPlan, Plan, Status
from cme_projects.domain.numbers import normalize
from cme_projects.domain.project import Project
from cme_projects.service_layer import applications
from cme_projects.service_layer.commands import register_project
from cme_projects.service_layer.handlers import remember_evidence

NOW = datetime(2026, 11, 1, 2, tzinfo=UTC)
OWNER = Principal("owner-1", Role.PROJECT_OWNER, unit_id="unit-1", jurisdiction="sichuan")
OFFICE = Principal("office-sc", Role.PROVINCIAL_OFFICE, jurisdiction="sichuan")
PLAN = Plan("成都", (DayPlan(date(2026, 12, 1), time(8, 30), time(17)),), 120,
            attachments={"meeting_notice": "n1", "schedule": "s1"})


def sichuan_project(number: str = "2026510301016 (省)") -> Project:
    return Project(number, normalize(number), "疼痛治疗新进展学习班", ProjectLevel.PROVINCIAL, CreditClass.I, 5,
                   "sichuan", 2026, owner_id="owner-1", unit_id="unit-1")


async def stored(uow, evidence_id: str, kind: str) -> None:
    await remember_evidence(EvidenceStored(evidence_id=evidence_id, owner_id="owner-1", kind=kind, sha256="0" * 64,
                                           size=2048, content_type="application/pdf", filename=f"{kind}.pdf",
                                           stored_at=NOW), uow)


@pytest.fixture
def uow(fake_uow):
    fake_uow.clock = Clock(offset_to(NOW))
    return fake_uow


class TestRegistry:
    async def test_a_project_is_announced_once_and_its_number_refused_again_however_written(self, uow):
        await register_project(uow, sichuan_project())
        with pytest.raises(Conflict) as refused:
            await register_project(uow, sichuan_project("2026510301016（省）"))
        assert refused.value.code == "project.duplicate"
        assert [e["number"] for e in uow.events(ProjectPublished)] == ["2026510301016 (省)"]


class TestHoldApplications:
    async def test_submitted_with_its_files_then_approved_the_session_is_announced(self, uow):
        project = await register_project(uow, sichuan_project())
        await stored(uow, "n1", "meeting_notice")
        await stored(uow, "s1", "schedule")
        drafted = await applications.apply_to_hold(uow, OWNER, project.id, PLAN)
        await applications.submit(uow, OWNER, drafted.id)
        approved = await applications.approve(uow, OFFICE, drafted.id)
        assert approved.status is Status.APPROVED
        assert [e["evidence_ids"] for e in uow.events(HoldApplicationSubmitted)] == [["n1", "s1"]]
        (session,) = uow.events(HoldApplicationApproved)
        assert (session["session_id"], session["project_number"]) == (approved.session_id, project.number)

    async def test_a_submission_whose_schedule_evidence_has_not_heard_of_is_refused(self, uow):
        project = await register_project(uow, sichuan_project())
        await stored(uow, "n1", "meeting_notice")
        await stored(uow, "s1", "attendance_sheet")  # not a kind an application keeps
        drafted = await applications.apply_to_hold(uow, OWNER, project.id, PLAN)
        with pytest.raises(DomainError) as refused:
            await applications.submit(uow, OWNER, drafted.id)
        assert (refused.value.code, refused.value.details["kind"]) == ("hold_application.attachment_not_stored",
                                                                       "schedule")
        assert (await uow.applications.get(drafted.id)).status is Status.DRAFT
        assert uow.events(HoldApplicationSubmitted) == []
