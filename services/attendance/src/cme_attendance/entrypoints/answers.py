"""Response bodies of the attendance API, so its OpenAPI document names the fields a client reads.

They describe the dicts the use cases return, key for key, so a route's JSON is what it was. Each lets through
keys it does not name: a key added without its field here still reaches the caller, neither dropped nor a
server error after a committed change.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cme_contracts.flags import AttendanceFlag


class _Answer(BaseModel):
    # A key a use case adds without declaring it here still reaches the caller: neither dropped nor
    # turned into a server error after a change was committed. The fields declared are what the
    # OpenAPI document promises and what the portal's client check reads against.
    model_config = ConfigDict(extra="allow")


class AttendedDay(_Answer):
    """One day of a person's attendance: first check-in, last check-out (with offset), hours."""

    day: str = Field(description="ISO date")
    checked_in_at: str | None
    checked_out_at: str | None
    hours: float


class AttendeeFlag(_Answer):
    """A reason a reviewer should look at the person's scans (疑似代签)."""

    code: AttendanceFlag
    message: str
    # The evidence behind the flag differs per pattern (times, devices, other people), so it stays open.
    details: dict[str, Any]


class Attendee(_Answer):
    """One person of the attendee list, with the registration form's details where one was filled."""

    id_number: str
    name: str | None
    phone: str | None
    unit: str | None
    department: str | None
    title: str | None
    unit_location: str | None
    grassroots: bool | None
    days: list[AttendedDay]
    attended_hours: float
    preselected: bool = Field(description="Completed the required hours under the rule set")
    flags: list[AttendeeFlag]


class AttendeeList(_Answer):
    """学员名单 of a session and where its execution report stands."""

    session_id: str
    project_number: str
    project_name: str
    required_hours: float
    report_due: str = Field(description="ISO date: the last day to submit the execution report")
    report_submitted: bool
    attendees: list[Attendee]
