"""Events published by the projects service (项目与举办申请)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from cme_contracts import topics
from cme_contracts.base import IntegrationEvent
from cme_contracts.events.common import CreditClass, ProjectLevel, SessionDay, TimeWindow


class _ProjectsEvent(IntegrationEvent):
    topic = topics.PROJECTS
    key_field = "project_id"


class ProjectPublished(_ProjectsEvent):
    """A project is in the registry and may be applied for (项目公布), or was updated."""

    event_type = "cme.projects.ProjectPublished"

    project_id: str
    number: str = Field(description="Project number exactly as written, e.g. `2021-03-05-129（国）`.")
    number_normalized: str = Field(description="Canonical form used for lookups.")
    name: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    jurisdiction: str = Field(description="Rule set id of the province, e.g. `jiangsu`.")
    year: int
    sponsor: str | None = None
    lead: str | None = None
    co_organizer: str | None = None
    discipline: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    online: bool = False
    remote_filing: bool = Field(default=False, description="异地备案: credits come through the province's own system.")
    session_no: int | None = Field(default=None, description="期数: which session of the numbered project.")
    venue: str | None = Field(default=None, description="会场地址")


class HoldApplicationSubmitted(_ProjectsEvent):
    """The owner submitted an application to hold a session (提交举办申请)."""

    event_type = "cme.projects.HoldApplicationSubmitted"

    application_id: str
    project_id: str
    project_number: str
    jurisdiction: str
    owner_id: str
    unit_id: str
    submitted_at: datetime
    resubmission: bool = Field(default=False, description="Submitted again after the office returned it.")
    evidence_ids: list[str] = Field(default_factory=list,
                                    description="The notice and schedule it relies on (evidence ids).")


class HoldApplicationApproved(_ProjectsEvent):
    """The provincial office approved holding a session (审核通过): the session exists."""

    event_type = "cme.projects.HoldApplicationApproved"

    application_id: str
    session_id: str
    project_id: str
    project_number: str
    project_name: str
    jurisdiction: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    venue: str
    online: bool = False
    owner_id: str
    unit_id: str
    schedule: list[SessionDay]
    check_in_window: TimeWindow
    check_out_window: TimeWindow
    qr_refresh_seconds: int = Field(ge=1, le=86400)
    required_hours: float = Field(description="Hours an attendee must complete for the credits.")
    approved_by: str
    approved_at: datetime
    expected_attendance: int | None = Field(default=None, description="预计参会人数 stated in the application.")
    evidence_ids: list[str] = Field(default_factory=list,
                                    description="The notice and schedule it relies on (evidence ids).")


class HoldApplicationReturned(_ProjectsEvent):
    """The provincial office returned an application for revision (退回修改)."""

    event_type = "cme.projects.HoldApplicationReturned"

    application_id: str
    project_id: str
    reason: str
    returned_by: str
    returned_at: datetime
