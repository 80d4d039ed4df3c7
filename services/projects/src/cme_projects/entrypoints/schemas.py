"""Request and response bodies of the projects API (field names English, texts zh-CN)."""

from __future__ import annotations

from datetime import date, datetime, time

from pydantic import BaseModel, ConfigDict, Field

from cme_contracts.events import CreditClass, ProjectLevel
from cme_platform.web.inputs import WrittenDate
from cme_projects.domain.hold_application import DayPlan, HoldApplication, Plan, Window
from cme_projects.domain.project import Project


class ProjectIn(BaseModel):
    """A project to register: an owner's national project (国家级项目录入) or the office's entry."""

    number: str = Field(min_length=1, max_length=100, description="项目编号, e.g. 2021-03-05-129（国）")
    session_no: int = Field(default=1, ge=1, le=999, description="期数")
    name: str = Field(min_length=1, max_length=300)
    level: ProjectLevel | None = Field(default=None, description="Read from the number when omitted.")
    credit_class: CreditClass
    credits: float = Field(gt=0, le=25)
    jurisdiction: str | None = Field(default=None, description="Rule set id; the caller's jurisdiction when omitted.")
    year: int | None = Field(default=None, ge=2000, le=2100, description="Read from the number when omitted.")
    discipline: str | None = Field(default=None, max_length=200, description="二级/三级学科, e.g. 护理学/外科护理学")
    lead: str | None = Field(default=None, max_length=100)
    sponsor: str | None = Field(default=None, max_length=300)
    co_organizer: str | None = Field(default=None, max_length=300)
    venue: str | None = Field(default=None, max_length=300)
    start_date: WrittenDate | None = None
    end_date: WrittenDate | None = None
    online: bool = False
    owner_id: str | None = Field(default=None, description="The owning 立项用户 (provincial office only).")
    unit_id: str | None = Field(default=None, description="The owner's unit (provincial office only).")


class ProjectChanges(BaseModel):
    """Corrections to a project's editable details; any other field (number, name, credits) is refused."""

    model_config = ConfigDict(extra="forbid")

    discipline: str | None = Field(default=None, max_length=200)
    lead: str | None = Field(default=None, max_length=100)
    sponsor: str | None = Field(default=None, max_length=300)
    co_organizer: str | None = Field(default=None, max_length=300)
    venue: str | None = Field(default=None, max_length=300)
    start_date: WrittenDate | None = None
    end_date: WrittenDate | None = None
    online: bool | None = None


class ProjectOut(BaseModel):
    """A project as the registry shows it."""

    id: str
    number: str
    number_normalized: str
    session_no: int
    name: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    jurisdiction: str
    year: int
    discipline: str | None
    lead: str | None
    sponsor: str | None
    co_organizer: str | None
    venue: str | None
    start_date: date | None
    end_date: date | None
    online: bool
    remote_filing: bool
    status: str
    owner_id: str | None
    unit_id: str | None

    @classmethod
    def of(cls, project: Project) -> ProjectOut:
        """The response body of a domain project."""
        return cls.model_validate(project, from_attributes=True)


class DayIn(BaseModel):
    """One day of the session and its times (local clock time of the jurisdiction)."""

    day: WrittenDate
    starts: time = Field(description="e.g. 08:30")
    ends: time = Field(description="e.g. 17:00")


class WindowIn(BaseModel):
    """A QR scan window; times with their UTC offset."""

    opens_at: datetime
    closes_at: datetime


class PlanIn(BaseModel):
    """The owner's application: venue, days and times, attendance, windows, QR period, files."""

    venue: str = Field(min_length=1, max_length=300)
    days: list[DayIn] = Field(min_length=1, max_length=60)
    expected_attendance: int = Field(ge=1, le=100000)
    online: bool = False
    check_in_window: WindowIn | None = None
    check_out_window: WindowIn | None = None
    qr_refresh_seconds: int | None = Field(default=None, ge=60, le=86400)
    attachments: dict[str, str] = Field(
        default_factory=dict, description="kind (meeting_notice, schedule) → evidence_id"
    )
    remarks: str | None = Field(default=None, max_length=2000)

    def to_plan(self) -> Plan:
        """The domain plan (validated there)."""
        return Plan(
            venue=self.venue, days=tuple(DayPlan(d.day, d.starts, d.ends) for d in self.days),
            expected_attendance=self.expected_attendance, online=self.online,
            check_in_window=_window(self.check_in_window), check_out_window=_window(self.check_out_window),
            qr_refresh_seconds=self.qr_refresh_seconds, attachments=dict(self.attachments), remarks=self.remarks,
        )


def _window(window: WindowIn | None) -> Window | None:
    return Window(window.opens_at, window.closes_at) if window else None


class ReturnIn(BaseModel):
    """The office's reason for returning an application."""

    reason: str = Field(min_length=1, max_length=2000)


def application_out(app: HoldApplication) -> dict:
    """The response body of an application, with its plan and every recorded step."""
    plan = app.plan
    return {
        "id": app.id, "project_id": app.project_id, "jurisdiction": app.jurisdiction, "owner_id": app.owner_id,
        "unit_id": app.unit_id, "status": app.status.value, "return_reason": app.return_reason,
        "submitted_at": app.submitted_at, "session_id": app.session_id,
        "plan": {
            "venue": plan.venue, "online": plan.online, "expected_attendance": plan.expected_attendance,
            "days": [{"day": d.day, "starts": d.starts, "ends": d.ends} for d in plan.days],
            "check_in_window": plan.check_in_window, "check_out_window": plan.check_out_window,
            "qr_refresh_seconds": plan.qr_refresh_seconds, "attachments": plan.attachments, "remarks": plan.remarks,
        },
        "steps": [{"action": s.action, "actor_id": s.actor_id, "actor_role": s.actor_role, "at": s.at,
                   "reason": s.reason} for s in app.steps],
    }
