"""A held session as the attendance service knows it (举办场次), and the scans taken at it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import CreditClass, Direction, ProjectLevel, SessionDay, TimeWindow


@dataclass(frozen=True)
class AttendanceSession:
    """An approved session with its check-in/check-out windows and QR refresh period."""

    session_id: str
    application_id: str
    project_id: str
    project_number: str
    project_name: str
    jurisdiction: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    venue: str
    owner_id: str
    unit_id: str
    schedule: tuple[SessionDay, ...]
    check_in_window: TimeWindow
    check_out_window: TimeWindow
    qr_refresh_seconds: int
    required_hours: float

    def window(self, direction: Direction) -> TimeWindow:
        """The window in which scans of this direction count."""
        return self.check_in_window if direction is Direction.IN else self.check_out_window

    @property
    def start_date(self) -> date:
        """First day of the schedule (开始日期)."""
        return min(day.day for day in self.schedule)

    @property
    def end_date(self) -> date:
        """Last day of the schedule (结束日期)."""
        return max(day.day for day in self.schedule)

    @property
    def ends_at(self) -> datetime:
        """When the last teaching day ends."""
        return max(day.ends_at for day in self.schedule)

    def day_of(self, moment: datetime) -> date:
        """The session day a scan belongs to: the teaching day whose hours lie nearest to it.

        Not the calendar date: an evening session that runs past midnight keeps its check-out
        on the day it began, and a reader that recorded arrivals before midnight for a session
        starting after it counts them toward that session's day.
        """
        return min(self.schedule, key=lambda day: _distance(moment, day)).day

    def scheduled_hours(self, day: date) -> float:
        """Teaching hours of one day per the schedule (日程); 0 for a day not in it."""
        return sum((d.ends_at - d.starts_at).total_seconds() / 3600 for d in self.schedule if d.day == day)


def _distance(moment: datetime, day: SessionDay) -> timedelta:
    if day.starts_at <= moment <= day.ends_at:
        return timedelta(0)
    return min(abs(moment - day.starts_at), abs(moment - day.ends_at))


class ScanStatus(StrEnum):
    """What became of an accepted scan."""

    ACCEPTED = "accepted"  # the first of its person, day and direction: published as an event
    REPEAT = "repeat"  # the same person scanned the same direction again that day: kept, not re-published


@dataclass(frozen=True)
class Scan:
    """One accepted scan as the rules of attended time and suspicion read it."""

    id_number: str
    direction: Direction
    scanned_at: datetime
    method: ScanMethod
    device_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Ticket:
    """A verified QR scan waiting for its form: issued when the page opened, used once."""

    ticket_id: str
    session_id: str
    direction: Direction
    phone_id: str
    scanned_at: datetime
