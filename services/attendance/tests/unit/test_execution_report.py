"""The execution report's deadline and its attendees."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cme_attendance.domain.attendance import attendance_of
from cme_attendance.domain.report import check_submission_time, expected_outcome, report_due, reported_attendees
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import Scan
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction
from cme_platform.errors import DomainError

JIANGSU = rule_set("jiangsu")
START = datetime(2026, 11, 2, 0, 30, tzinfo=UTC)  # 08:30 in Suzhou


def test_the_report_is_due_two_weeks_after_the_end_date(make):
    session = make.session_of(make.approval(start=START, days=3))
    assert report_due(session, JIANGSU).isoformat() == "2026-11-18"


def test_a_report_on_the_due_date_is_in_time(make):
    session = make.session_of(make.approval(start=START, days=3))
    check_submission_time(session, JIANGSU, datetime(2026, 11, 18, 23, 0, tzinfo=ZoneInfo("Asia/Shanghai")), False)


def test_a_late_report_is_refused_with_the_date_it_was_due(make):
    session = make.session_of(make.approval(start=START, days=3))
    with pytest.raises(DomainError) as refused:
        check_submission_time(session, JIANGSU, datetime(2026, 11, 19, 0, 1, tzinfo=ZoneInfo("Asia/Shanghai")), False)
    assert refused.value.code == "execution_report.too_late"
    assert "2026-11-18" in refused.value.message


def test_a_report_before_the_session_ended_is_refused(make):
    session = make.session_of(make.approval(start=START))
    with pytest.raises(DomainError) as refused:
        check_submission_time(session, JIANGSU, START + timedelta(hours=2), False)
    assert refused.value.code == "execution_report.too_early"


def test_a_second_report_is_refused(make):
    session = make.session_of(make.approval(start=START))
    with pytest.raises(DomainError) as refused:
        check_submission_time(session, JIANGSU, START + timedelta(days=1), True)
    assert refused.value.code == "execution_report.already_submitted"


def test_the_report_carries_the_selected_attendees_with_their_form_and_hours(make):
    scans = [Scan(p, d, START + timedelta(hours=h), ScanMethod.ID_CARD, "dev")
             for p in ("A", "B") for d, h in ((Direction.IN, 0), (Direction.OUT, 6))]
    people = attendance_of(scans, make.session_of(make.approval(start=START)).day_of)
    attendees, left_out = reported_attendees(
        ["B"], people, {"B": {"name": "李四", "unit": "苏大附二院", "age": 40}}, {}
    )
    assert [(a.id_number, a.name, a.unit, a.age, a.attended_hours) for a in attendees] == [
        ("B", "李四", "苏大附二院", 40, 6.0)
    ]
    assert left_out == []


def scans_of(*moments: tuple[str, Direction, float]) -> list[Scan]:
    return [Scan(p, d, START + timedelta(hours=h), ScanMethod.ID_CARD, "dev") for p, d, h in moments]


def test_someone_without_a_check_out_or_attended_time_is_left_out_with_the_reason(make):
    session = make.session_of(make.approval(start=START))
    people = attendance_of(scans_of(("A", Direction.IN, 0), ("A", Direction.OUT, 6), ("B", Direction.IN, 0),
                                    ("C", Direction.OUT, 0), ("C", Direction.IN, 2)), session.day_of)
    attendees, left_out = reported_attendees(["A", "B", "C"], people, {"B": {"name": "李四"}}, {})
    assert [a.id_number for a in attendees] == ["A"]
    assert [(p.id_number, p.name, p.code) for p in left_out] == [
        ("B", "李四", "execution_report.no_check_out"), ("C", "", "execution_report.no_attended_time")]
    assert "没有签退记录" in left_out[0].reason


def test_a_report_of_nobody_who_can_earn_a_credit_is_refused_naming_each(make):
    session = make.session_of(make.approval(start=START))
    people = attendance_of(scans_of(("B", Direction.IN, 0)), session.day_of)
    with pytest.raises(DomainError) as refused:
        reported_attendees(["B"], people, {"B": {"name": "李四"}}, {})
    assert refused.value.code == "execution_report.nobody_eligible"
    assert "李四：没有签退记录" in refused.value.message


def test_each_reported_attendee_is_told_what_they_will_get(make):
    session = make.session_of(make.approval(start=START, required_hours=6))
    people = attendance_of(scans_of(("A", Direction.IN, 0), ("A", Direction.OUT, 6),
                                    ("B", Direction.IN, 0), ("B", Direction.OUT, 3)), session.day_of)
    attendees, _ = reported_attendees(["A", "B"], people, {}, {})
    full, short = (expected_outcome(a, session, JIANGSU) for a in attendees)
    assert full.startswith("已完成规定学时（6 学时），将授予 5 学分")
    assert short.startswith("未完成规定学时（3/6 学时）")


def test_selecting_someone_without_attendance_is_refused():
    with pytest.raises(DomainError) as refused:
        reported_attendees(["Z"], {}, {}, {})
    assert refused.value.code == "execution_report.unknown_attendee"


def test_every_jurisdiction_file_loads_and_an_unknown_one_is_refused():
    assert {rule_set(j).report_deadline_days for j in ("jiangsu", "sichuan", "zhejiang")} == {14}
    with pytest.raises(DomainError) as refused:
        rule_set("atlantis")
    assert refused.value.code == "jurisdiction.unknown"
