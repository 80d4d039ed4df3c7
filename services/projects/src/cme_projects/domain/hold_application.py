"""The hold application (项目举办申请): the owner asks to hold a session, the unit admin
confirms it, the provincial office approves it or returns it with a reason.

Jiangsu (seed 003): draft → submitted → confirmed (行政用户确认上报) → approved (审核通过) or
returned (退回修改) → revised and resubmitted. Where the rule set has no confirmation step
(Sichuan: 申办单位直接上报), the office reviews a submitted application directly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from cme_platform.errors import Conflict, DomainError
from cme_projects.domain.rules import RuleSet
from cme_projects.domain.submission import check_attachments, check_lead_time


class Status(StrEnum):
    """审核状态 of a hold application."""

    DRAFT = "draft"  # 未上报
    SUBMITTED = "submitted"  # 已提交，待单位确认
    CONFIRMED = "confirmed"  # 单位已确认上报，待省继教办审核
    RETURNED = "returned"  # 退回修改
    APPROVED = "approved"  # 审核通过


STATUS_NAMES = {Status.DRAFT: "未上报", Status.SUBMITTED: "已提交", Status.CONFIRMED: "单位已确认",
                Status.RETURNED: "已退回", Status.APPROVED: "审核通过"}


@dataclass(frozen=True)
class DayPlan:
    """One day of the session with its teaching hours, in local clock time (每日时间)."""

    day: date
    starts: time
    ends: time


@dataclass(frozen=True)
class Window:
    """A half-open window [opens_at, closes_at) in which a QR code may be scanned."""

    opens_at: datetime
    closes_at: datetime


@dataclass(frozen=True)
class StoredFile:
    """What the evidence service told us about a stored attachment (EvidenceStored)."""

    evidence_id: str
    owner_id: str
    kind: str
    size: int


@dataclass(frozen=True)
class Step:
    """One recorded step of the workflow: who did what, when, and why."""

    action: str
    actor_id: str
    actor_role: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class Plan:
    """What the owner fills in: venue, days and times, attendance, windows, QR period, files."""

    venue: str
    days: tuple[DayPlan, ...]
    expected_attendance: int
    online: bool = False
    check_in_window: Window | None = None
    check_out_window: Window | None = None
    qr_refresh_seconds: int | None = None
    attachments: dict[str, str] = field(default_factory=dict)  # kind → evidence_id
    remarks: str | None = None

    def __post_init__(self) -> None:
        if not self.days:
            raise DomainError("hold_application.no_days", "请至少填写一天的举办时间")
        if len({d.day for d in self.days}) != len(self.days):
            raise DomainError("hold_application.duplicate_day", "举办日期有重复的日子")
        for d in self.days:
            if d.ends <= d.starts:
                raise DomainError("hold_application.bad_times", f"{d.day} 的结束时间应晚于开始时间", day=str(d.day))
        for name, window in (("签到", self.check_in_window), ("撤离", self.check_out_window)):
            if window and window.closes_at <= window.opens_at:
                raise DomainError("hold_application.bad_window", f"{name}二维码有效时间的结束应晚于开始")


@dataclass(frozen=True)
class ApprovedSession:
    """What an approved application fixes for the attendance service (the session)."""

    session_id: str
    schedule: tuple[tuple[date, datetime, datetime], ...]
    check_in_window: Window
    check_out_window: Window
    qr_refresh_seconds: int
    required_hours: float


@dataclass(frozen=True)
class HoldApplication:
    """One application to hold one session of a project, with its history of steps."""

    project_id: str
    jurisdiction: str
    owner_id: str
    unit_id: str
    plan: Plan
    status: Status = Status.DRAFT
    steps: tuple[Step, ...] = ()
    return_reason: str | None = None
    submitted_at: datetime | None = None
    session_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @classmethod
    def draft(cls, *, project_id: str, jurisdiction: str, owner_id: str, unit_id: str, plan: Plan,
              actor_role: str, at: datetime) -> HoldApplication:
        """A new application, not yet submitted (未上报), drafted by its owner."""
        app = cls(project_id=project_id, jurisdiction=jurisdiction, owner_id=owner_id, unit_id=unit_id, plan=plan)
        return cls._step(app, "drafted", owner_id, actor_role, at)

    def revise(self, plan: Plan, *, actor_id: str, actor_role: str, at: datetime) -> HoldApplication:
        """The owner changes the plan; only a draft or a returned application can change."""
        self._require(Status.DRAFT, Status.RETURNED, doing="修改")
        return self._step(replace(self, plan=plan), "revised", actor_id, actor_role, at)

    def submit(self, rules: RuleSet, files: dict[str, StoredFile], *, actor_id: str, actor_role: str,
               at: datetime) -> HoldApplication:
        """Submit (or resubmit after a return): files stored and in time, else refused."""
        self._require(Status.DRAFT, Status.RETURNED, doing="提交")
        check_attachments(self.plan, rules, files, owner_id=self.owner_id)
        check_lead_time(self.plan, rules, at)
        action = "resubmitted" if self.status == Status.RETURNED else "submitted"
        submitted = replace(self, status=Status.SUBMITTED, submitted_at=at, return_reason=None)
        return self._step(submitted, action, actor_id, actor_role, at)

    def confirm(self, rules: RuleSet, *, actor_id: str, actor_role: str, at: datetime) -> HoldApplication:
        """The unit admin confirms and forwards it to the provincial office (确认上报)."""
        if not rules.unit_confirmation:
            raise DomainError("hold_application.no_confirmation_step",
                              f"{rules.name}的举办申请由申办单位直接上报省继教办，无需单位确认")
        self._require(Status.SUBMITTED, doing="确认")
        return self._step(replace(self, status=Status.CONFIRMED), "confirmed", actor_id, actor_role, at)

    def approve(self, rules: RuleSet, *, actor_id: str, actor_role: str,
                at: datetime) -> tuple[HoldApplication, ApprovedSession]:
        """The provincial office approves: the session, its windows and hours are fixed."""
        self._require(*awaiting_office(rules), doing="审核通过")
        session = approved_session(self.plan, rules)
        approved = replace(self, status=Status.APPROVED, session_id=session.session_id)
        return self._step(approved, "approved", actor_id, actor_role, at), session

    def return_for_revision(self, rules: RuleSet, reason: str, *, actor_id: str, actor_role: str,
                            at: datetime) -> HoldApplication:
        """The provincial office returns it with a reason (退回修改)."""
        if not reason.strip():
            raise DomainError("hold_application.reason_required", "退回修改须填写退回理由")
        self._require(*awaiting_office(rules), doing="退回")
        returned = replace(self, status=Status.RETURNED, return_reason=reason.strip())
        return self._step(returned, "returned", actor_id, actor_role, at, reason.strip())

    def _require(self, *allowed: Status, doing: str) -> None:
        if self.status not in allowed:
            raise Conflict("hold_application.wrong_status",
                           f"申请当前状态为“{STATUS_NAMES[self.status]}”，不能{doing}",
                           status=self.status.value, allowed=[s.value for s in allowed])

    @staticmethod
    def _step(app: HoldApplication, action: str, actor_id: str, actor_role: str, at: datetime,
              reason: str | None = None) -> HoldApplication:
        return replace(app, steps=(*app.steps, Step(action, actor_id, actor_role, at, reason)))


def awaiting_office(rules: RuleSet) -> tuple[Status, ...]:
    """The statuses in which the provincial office may decide."""
    return (Status.CONFIRMED,) if rules.unit_confirmation else (Status.SUBMITTED,)


def approved_session(plan: Plan, rules: RuleSet) -> ApprovedSession:
    """The session an approval fixes; windows default to the day span widened by the rule set."""
    schedule = tuple(sorted(
        (d.day, datetime.combine(d.day, d.starts, rules.zone), datetime.combine(d.day, d.ends, rules.zone))
        for d in plan.days
    ))
    first_start, last_end = schedule[0][1], schedule[-1][2]
    check_in = plan.check_in_window or Window(
        first_start - timedelta(minutes=rules.check_in_opens_before_minutes), last_end)
    check_out = plan.check_out_window or Window(
        first_start, last_end + timedelta(minutes=rules.check_out_closes_after_minutes))
    hours = sum((end - start).total_seconds() for _, start, end in schedule) / 3600
    return ApprovedSession(str(uuid.uuid4()), schedule, check_in, check_out,
                           plan.qr_refresh_seconds or rules.qr_refresh_seconds, round(hours, 2))
