"""Response bodies of the projects API beyond one project (`schemas.ProjectOut`): pages of projects and hold
applications, and one application with its plan and steps.

They describe the dicts the routes return key for key, so a route's JSON is what it was. Each lets through
keys it does not name: a key added without its field here still reaches the caller, neither dropped nor a
server error after a committed change.
"""

from __future__ import annotations

from datetime import date, datetime, time

from pydantic import BaseModel, ConfigDict, Field

from cme_projects.domain.hold_application import Status
from cme_projects.entrypoints.schemas import ProjectOut


class _Answer(BaseModel):
    # A key a use case adds without declaring it here still reaches the caller: neither dropped nor
    # turned into a server error after a change was committed. The fields declared are what the
    # OpenAPI document promises and what the portal's client check reads against.
    model_config = ConfigDict(extra="allow")


class ProjectPage(_Answer):
    """One page of projects (项目查询, 异地备案名单, the caller's own)."""

    items: list[ProjectOut]
    total: int
    page: int
    page_size: int


class ApplicationSummary(_Answer):
    """A hold application as its list shows it, with its project's number and name."""

    id: str
    project_id: str
    project_number: str
    project_name: str
    status: Status
    owner_id: str
    unit_id: str
    submitted_at: datetime | None
    return_reason: str | None
    session_id: str | None = Field(description="The approved session (举办场次), once approved")


class ApplicationPage(_Answer):
    """One page of the hold applications the caller may see."""

    items: list[ApplicationSummary]
    total: int
    page: int
    page_size: int


class DayOut(_Answer):
    """One day of the session and its local clock times."""

    day: date
    starts: time
    ends: time


class WindowOut(_Answer):
    """A QR scan window (read from the plan's `Window`)."""

    model_config = ConfigDict(extra="allow", from_attributes=True)

    opens_at: datetime
    closes_at: datetime


class PlanOut(_Answer):
    """What the owner applied for: venue, days, attendance, windows, QR period, files."""

    venue: str
    online: bool
    expected_attendance: int
    days: list[DayOut]
    check_in_window: WindowOut | None
    check_out_window: WindowOut | None
    qr_refresh_seconds: int | None
    attachments: dict[str, str] = Field(description="kind (meeting_notice, schedule) → evidence_id")
    remarks: str | None


class StepOut(_Answer):
    """One step taken on the application: who, in which role, when, and why (a return's reason)."""

    action: str
    actor_id: str
    actor_role: str
    at: datetime
    reason: str | None


class ApplicationOut(_Answer):
    """项目举办申请 with its plan and every step taken."""

    id: str
    project_id: str
    jurisdiction: str
    owner_id: str
    unit_id: str
    status: Status
    return_reason: str | None
    submitted_at: datetime | None
    session_id: str | None
    plan: PlanOut
    steps: list[StepOut]
