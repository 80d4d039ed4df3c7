"""The execution report's deadline and its attendees."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cme_contracts.events.common import Direction
from cme_attendance.domain.attendance import attendance_of
from cme_attendance.domain.report import check_submission_time, report_due, reported_attendees
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import Scan
from cme_contracts.events.attendance import ScanMethod
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


def test_the_report_carries_the_selected_attendees_with_their_form_and_hours():
    scans = [Scan(p, d, START + timedelta(hours=h), ScanMethod.ID_CARD, "dev")
             for p in ("A", "B") for d, h in ((Direction.IN, 0), (Direction.OUT, 6))]
    people = attendance_of(scans, JIANGSU.timezone)
    attendees = reported_attendees(["B"], people, {"B": {"name": "李四", "unit": "苏大附二院", "age": 40}}, {})
    assert [(a.id_number, a.name, a.unit, a.age, a.attended_hours) for a in attendees] == [("B", "李四", "苏大附二院", 40, 6.0)]


def test_selecting_someone_without_attendance_is_refused():
    with pytest.raises(DomainError) as refused:
        reported_attendees(["Z"], {}, {}, {})
    assert refused.value.code == "execution_report.unknown_attendee"


def test_every_jurisdiction_file_loads_and_an_unknown_one_is_refused():
    assert {rule_set(j).report_deadline_days for j in ("jiangsu", "sichuan", "zhejiang")} == {14}
    with pytest.raises(DomainError) as refused:
        rule_set("atlantis")
    assert refused.value.code == "rules.unknown_jurisdiction"
