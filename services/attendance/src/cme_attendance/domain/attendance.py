"""Attended time (实际参会学时): per person per day, from the first check-in to the last check-out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from cme_attendance.domain.session import Scan
from cme_contracts.events.common import Direction


@dataclass
class DayAttendance:
    """One person's scans on one day."""

    day: date
    first_in: datetime | None = None
    last_out: datetime | None = None

    @property
    def hours(self) -> float:
        """Check-out minus check-in; a day missing either scan counts nothing (缺一不可)."""
        if self.first_in is None or self.last_out is None or self.last_out <= self.first_in:
            return 0.0
        return (self.last_out - self.first_in).total_seconds() / 3600


@dataclass
class PersonAttendance:
    """One person's attendance at a session."""

    id_number: str
    name: str | None = None
    days: dict[date, DayAttendance] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        """Total attended hours over every day, rounded to minutes' precision."""
        return round(sum(day.hours for day in self.days.values()), 2)

    @property
    def first_in(self) -> datetime | None:
        """The earliest check-in of the session."""
        return min((d.first_in for d in self.days.values() if d.first_in), default=None)

    @property
    def last_out(self) -> datetime | None:
        """The latest check-out of the session."""
        return max((d.last_out for d in self.days.values() if d.last_out), default=None)


DayOf = Callable[[datetime], date]


def attendance_of(scans: Iterable[Scan], day_of: DayOf) -> dict[str, PersonAttendance]:
    """Fold scans, in any order, into attended time per person and session day (`day_of`)."""
    people: dict[str, PersonAttendance] = defaultdict(lambda: PersonAttendance(""))
    for scan in scans:
        person = people[scan.id_number]
        person.id_number = scan.id_number
        person.name = person.name or scan.name
        local_day = day_of(scan.scanned_at)
        day = person.days.setdefault(local_day, DayAttendance(local_day))
        if scan.direction is Direction.IN:
            day.first_in = min(filter(None, (day.first_in, scan.scanned_at)))
        else:
            day.last_out = max(filter(None, (day.last_out, scan.scanned_at)))
    return dict(people)


def completed(person: PersonAttendance, required_hours: float, required_fraction: float) -> bool:
    """Whether a person completed the required hours (完成规定学时) under the rule set."""
    return completed_hours(person.hours, required_hours, required_fraction)


def completed_hours(hours: float, required_hours: float, required_fraction: float) -> bool:
    """Whether attended hours meet the required hours (完成规定学时) under the rule set."""
    return hours + 1e-9 >= required_hours * required_fraction
