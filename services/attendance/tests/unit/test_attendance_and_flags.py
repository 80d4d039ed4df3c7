"""Attended time per person and day, and the suspicious patterns reviewers must see."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from cme_attendance.domain.attendance import attendance_of, completed
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import Scan
from cme_attendance.domain.suspicion import Presence, flags_for
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 20)
RULES = rule_set("jiangsu").suspicion


def local(hour: int, minute: int = 0, second: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=TZ).astimezone(UTC)


def local_date(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


def scan(id_number: str, direction: Direction, moment: datetime, device: str = "dev-1",
         method: ScanMethod = ScanMethod.ID_CARD) -> Scan:
    return Scan(id_number, direction, moment, method, device)


def codes(flags, id_number):
    return {flag.code for flag in flags.get(id_number, [])}


def review(make, scans, elsewhere=None):
    event = make.approval(start=local(8), hours=8)
    session = make.session_of(event)
    people = attendance_of(scans, session.day_of)
    return people, flags_for(session, people, scans, elsewhere or {}, RULES, TZ)


def test_attended_time_is_first_check_in_to_last_check_out_per_day():
    people = attendance_of([
        scan("A", Direction.OUT, local(17)), scan("A", Direction.IN, local(8, 30)), scan("A", Direction.IN, local(9)),
        scan("A", Direction.IN, local(8, 0, day=DAY + timedelta(days=1))),
        scan("A", Direction.OUT, local(12, 0, day=DAY + timedelta(days=1))),
    ], local_date)
    assert [round(d.hours, 2) for d in people["A"].days.values()] == [8.5, 4.0]
    assert people["A"].hours == 12.5


def test_a_day_without_a_check_out_counts_nothing():
    people = attendance_of([scan("A", Direction.IN, local(8))], local_date)
    assert people["A"].hours == 0
    assert not completed(people["A"], 6, 1.0)


def test_the_required_hours_decide_completion():
    people = attendance_of([scan("A", Direction.IN, local(8)), scan("A", Direction.OUT, local(14))], local_date)
    assert completed(people["A"], 6, 1.0)
    assert not completed(people["A"], 6.5, 1.0)


def test_a_full_day_raises_no_flag(make):
    _, flags = review(make, [scan("A", Direction.IN, local(8)), scan("A", Direction.OUT, local(16))])
    assert flags == {}


def test_a_check_out_without_a_check_in_is_flagged(make):
    _, flags = review(make, [scan("A", Direction.OUT, local(16))])
    assert codes(flags, "A") == {"check_out_without_check_in"}


def test_an_attendance_far_shorter_than_the_session_is_flagged(make):
    _, flags = review(make, [scan("A", Direction.IN, local(8)), scan("A", Direction.OUT, local(9))])
    assert codes(flags, "A") == {"short_attendance"}


def test_many_ids_from_one_device_within_seconds_are_flagged(make):
    swipes = [scan(person, Direction.IN, local(8, 0, i)) for i, person in enumerate("ABCD")]
    swipes += [scan("E", Direction.IN, local(8, 5))]
    _, flags = review(make, swipes + [scan(p, Direction.OUT, local(16, i)) for i, p in enumerate("ABCDE")])
    assert {p for p in "ABCDE" if "many_ids_one_device" in codes(flags, p)} == set("ABCD")


def test_swipes_at_a_human_pace_are_not_flagged(make):
    swipes = [scan(person, Direction.IN, local(8, 0, 3 * i)) for i, person in enumerate("ABCDEF")]
    _, flags = review(make, swipes + [scan(p, Direction.OUT, local(16, i)) for i, p in enumerate("ABCDEF")])
    assert not any("many_ids_one_device" in codes(flags, p) for p in "ABCDEF")


def test_two_people_registered_from_one_phone_are_flagged(make):
    phone = [scan(p, Direction.IN, local(8, i), "phone:abc", ScanMethod.QR) for i, p in enumerate("AB")]
    _, flags = review(make, phone)
    assert "many_ids_one_device" in codes(flags, "A") and "many_ids_one_device" in codes(flags, "B")


def test_one_id_at_another_venue_at_an_overlapping_time_is_flagged(make):
    elsewhere = {"A": [Presence("other", "南京会场", local(10), local(11))],
                 "B": [Presence("other", "南京会场", local(18), local(19))]}
    scans = [scan(p, d, local(h)) for p in "AB" for d, h in ((Direction.IN, 8), (Direction.OUT, 16))]
    _, flags = review(make, scans, elsewhere)
    assert codes(flags, "A") == {"overlapping_venues"}
    assert codes(flags, "B") == set()


def test_a_session_past_midnight_on_new_years_eve_counts_on_the_day_it_began(make):
    session = make.session_of(make.approval(start=local(22, day=date(2026, 12, 31)), hours=3))
    people = attendance_of([scan("A", Direction.IN, local(21, 50, day=date(2026, 12, 31))),
                            scan("A", Direction.OUT, local(1, 5, day=date(2027, 1, 1)))], session.day_of)
    assert list(people["A"].days) == [date(2026, 12, 31)]
    assert people["A"].hours == 3.25


def test_arrivals_swiped_before_midnight_count_toward_a_session_just_after_it(make):
    session = make.session_of(make.approval(start=local(0, 30), hours=1))
    people = attendance_of([scan("A", Direction.IN, local(21, 20, day=DAY - timedelta(days=1))),
                            scan("A", Direction.OUT, local(0, 31))], session.day_of)
    assert list(people["A"].days) == [DAY]
    assert people["A"].hours == round(3 + 11 / 60, 2)


def test_each_scan_of_a_two_day_session_belongs_to_the_nearer_day(make):
    session = make.session_of(make.approval(start=local(8), days=2, hours=8))
    assert session.day_of(local(7, 10)) == DAY
    assert session.day_of(local(23, 0)) == DAY
    assert session.day_of(local(7, 30, day=DAY + timedelta(days=1))) == DAY + timedelta(days=1)
