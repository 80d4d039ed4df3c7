"""A report of thousands of attendees goes out in parts, each small enough for the broker."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cme_contracts import Envelope
from cme_contracts.events import ExecutionReported
from cme_contracts.events.attendance import LeftOutAttendee, ReportedAttendee
from cme_contracts.events.common import CreditClass, ProjectLevel

BROKER_MESSAGE_LIMIT = 1_048_576  # aiokafka's and Kafka's default


def report(attendees: int) -> ExecutionReported:
    return ExecutionReported(
        report_id="r1", session_id="s1", project_id="p1", project_number="2026-03-05-129（国）",
        project_name="疼痛治疗新进展学习班" * 5, jurisdiction="sichuan", level=ProjectLevel.NATIONAL,
        credit_class=CreditClass.I, credits=4, start_date=date(2026, 3, 5), end_date=date(2026, 3, 7),
        unit_id="u1", submitted_by="unit-admin", submitted_at=datetime(2026, 3, 8, tzinfo=UTC),
        attendees=[ReportedAttendee(id_number=f"51010419850312{n:04d}", name="欧阳晓明明", phone="13800000000",
                                    unit="四川大学华西医院麻醉科" * 3, department="麻醉科", title="副主任医师",
                                    attended_hours=12, unit_location="四川省成都市武侯区", grassroots=False)
                   for n in range(attendees)],
        left_out=[LeftOutAttendee(id_number="510104198503129999", name="李四", attended_hours=0,
                                  code="execution_report.no_check_out", reason="没有签退记录")])


def test_a_report_of_ten_thousand_goes_out_in_parts_under_the_broker_limit_and_loses_nobody():
    whole = report(10_000)
    parts = whole.in_parts()
    assert [p.part for p in parts] == list(range(1, 21)) and {p.parts for p in parts} == {20}
    assert [a for p in parts for a in p.attendees] == whole.attendees
    assert [len(p.left_out) for p in parts] == [1] + [0] * 19  # told once, in part 1
    assert {p.report_id for p in parts} == {"r1"} and {p.attendee_count for p in parts} == {10_000}
    sizes = [len(Envelope(source="/cme/attendance", type=p.type_name(), data=p.model_dump(mode="json")).to_bytes())
             for p in parts]
    assert max(sizes) < BROKER_MESSAGE_LIMIT / 2, sizes
    assert len(whole.model_dump_json()) > BROKER_MESSAGE_LIMIT  # as one message it would not go at all


def test_a_small_report_stays_one_event():
    (only,) = report(3).in_parts()
    assert (only.part, only.parts, only.attendee_count, len(only.attendees)) == (1, 1, 3, 3)
