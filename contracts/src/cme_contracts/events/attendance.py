"""Events of the attendance service (考勤) and the scan-ingest topic devices write to."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from cme_contracts import topics
from cme_contracts.base import IntegrationEvent
from cme_contracts.events.common import CreditClass, Direction, ProjectLevel


class ScanMethod(StrEnum):
    """How the scan was taken."""

    QR = "qr"  # 扫码 on the learner's phone
    ID_CARD = "id_card"  # 刷卡 on a device at the venue


class _AttendanceEvent(IntegrationEvent):
    topic = topics.ATTENDANCE
    key_field = "session_id"


class _Scan(_AttendanceEvent):
    scan_id: str
    session_id: str
    project_number: str
    id_number: str
    name: str | None = None
    scanned_at: datetime = Field(description="When the person scanned (device time for uploads).")
    received_at: datetime = Field(description="When the platform accepted the scan.")
    method: ScanMethod
    device_id: str | None = None


class CheckedIn(_Scan):
    """A person checked in to a session (签到)."""

    event_type = "cme.attendance.CheckedIn"


class CheckedOut(_Scan):
    """A person checked out of a session (签退)."""

    event_type = "cme.attendance.CheckedOut"


class ScanRecordSubmitted(IntegrationEvent):
    """A raw scan record from a swipe device or an organizer's system (inbound).

    Devices and organizers' systems may produce these to the ingest topic instead of
    calling the HTTP batch endpoint (`POST /api/attendance/scan-batches`, same record shape).
    `nonce` is unique per physical scan on that device, so a retried upload is recognised as
    the same scan; `scanned_at` is the device's time and must carry its UTC offset
    (e.g. `2026-11-20T08:30:00+08:00`). Each accepted record becomes one `CheckedIn` or
    `CheckedOut`; a refused one is kept in the session's failed-scan log with its reason
    (`GET /api/attendance/sessions/{id}/refused-scans`) and sent to the audit stream.
    """

    event_type = "cme.attendance.ScanRecordSubmitted"
    topic = topics.SCAN_INGEST
    key_field = "session_id"

    session_id: str
    device_id: str
    nonce: str = Field(min_length=1, max_length=128)
    id_number: str
    name: str | None = None
    direction: Direction
    scanned_at: datetime


class ReportedAttendee(BaseModel):
    """One attendee selected in an execution report."""

    model_config = ConfigDict(frozen=True)

    id_number: str
    name: str
    sex: str | None = None
    phone: str | None = None
    unit: str | None = None
    department: str | None = None
    title: str | None = Field(default=None, description="职称")
    attended_hours: float = Field(ge=0)
    age: int | None = None
    unit_location: str | None = Field(default=None, description="单位所在地")
    grassroots: bool | None = Field(default=None, description="是否来自基层")
    position: str | None = Field(default=None, description="职务")
    education: str | None = Field(default=None, description="学历")
    flags: list[str] = Field(default_factory=list, description=(
        "Codes of suspicious patterns reviewers saw (代刷卡嫌疑): the values of cme_contracts.flags.AttendanceFlag."))
    speaker_hours: float = Field(default=0, ge=0, description="Hours taught as a speaker (授课).")


class LeftOutAttendee(BaseModel):
    """A person the unit admin selected who cannot earn a credit from the session, and why."""

    model_config = ConfigDict(frozen=True)

    id_number: str
    name: str
    attended_hours: float = Field(ge=0)
    code: str = Field(description="Machine-readable reason, e.g. execution_report.no_check_out.")
    reason: str = Field(description="The reason in Chinese, as the learner and the admin read it.")


REPORT_PART_SIZE = 500
"""Attendees per ExecutionReported message: with their flags, well under the broker's 1 MB."""


class ExecutionReported(_AttendanceEvent):
    """The unit admin submitted who completed a session (执行情况上报)."""

    event_type = "cme.attendance.ExecutionReported"

    report_id: str
    session_id: str
    project_id: str
    project_number: str
    project_name: str
    jurisdiction: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    start_date: date
    end_date: date
    unit_id: str
    submitted_by: str
    submitted_at: datetime
    attendees: list[ReportedAttendee]
    left_out: list[LeftOutAttendee] = Field(
        default_factory=list, description="Selected people left out of the report (no check-out, no attended time).")
    city_id: str | None = Field(
        default=None, description="City (地市) of the reporting unit, whose city office reviews the credits.")
    part: int = Field(default=1, ge=1, description=(
        "Which part of the report this is: a report of thousands of attendees is published in parts "
        "of the same report_id, each under the broker's message size (left_out travels in part 1)."))
    parts: int = Field(default=1, ge=1, description="How many parts the report was published in.")
    attendee_count: int | None = Field(
        default=None, ge=0, description="Attendees in the whole report, all parts together (absent: this part's).")

    def in_parts(self, size: int = REPORT_PART_SIZE) -> list[ExecutionReported]:
        """The report as events of at most `size` attendees each: one event when it is small."""
        chunks = [self.attendees[i:i + size] for i in range(0, len(self.attendees), size)] or [[]]
        return [self.model_copy(update={"attendees": chunk, "left_out": self.left_out if n == 0 else [],
                                        "part": n + 1, "parts": len(chunks), "attendee_count": len(self.attendees)})
                for n, chunk in enumerate(chunks)]
