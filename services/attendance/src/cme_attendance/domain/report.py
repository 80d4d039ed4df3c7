"""The execution report (执行情况): who completed the required hours, submitted within the deadline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from cme_contracts.events.attendance import ReportedAttendee
from cme_platform.errors import Conflict, DomainError
from cme_attendance.domain.attendance import PersonAttendance
from cme_attendance.domain.rules import RuleSet
from cme_attendance.domain.session import AttendanceSession
from cme_attendance.domain.suspicion import Flag


def report_due(session: AttendanceSession, rules: RuleSet) -> date:
    """The last day a report may be submitted: the end date plus the jurisdiction's period."""
    return session.end_date + timedelta(days=rules.report_deadline_days)


def check_submission_time(session: AttendanceSession, rules: RuleSet, now: datetime, already_submitted: bool) -> None:
    """Refuse a report before the session ended, after its due date, or a second one."""
    if already_submitted:
        raise Conflict("execution_report.already_submitted", "该场次的执行情况已上报，不能重复上报",
                       session_id=session.session_id)
    if now < session.ends_at:
        raise DomainError("execution_report.too_early", "项目尚未举办结束，结束后才能上报执行情况",
                          ends_at=session.ends_at.isoformat())
    due = report_due(session, rules)
    if now.astimezone(rules.timezone).date() > due:
        raise DomainError("execution_report.too_late",
                          f"已超过上报期限：执行情况应于 {due.isoformat()}（含当日，举办结束后{rules.report_deadline_days}天内）之前上报",
                          due=due.isoformat(), end_date=session.end_date.isoformat())


def reported_attendees(selected: Iterable[str], people: Mapping[str, PersonAttendance],
                       registrations: Mapping[str, Mapping],
                       flags: Mapping[str, list[Flag]]) -> list[ReportedAttendee]:
    """The selected attendees with their identity fields and attended hours; an unknown ID is refused."""
    chosen = list(dict.fromkeys(selected))
    if not chosen:
        raise DomainError("execution_report.empty", "请至少选择一名完成规定学时的学员")
    unknown = [id_number for id_number in chosen if id_number not in people]
    if unknown:
        raise DomainError("execution_report.unknown_attendee", "所选人员没有本场次的考勤记录", id_numbers=unknown)
    return [_attendee(people[id_number], registrations.get(id_number, {}), flags.get(id_number, []))
            for id_number in chosen]


def _attendee(person: PersonAttendance, form: Mapping, flags: list[Flag]) -> ReportedAttendee:
    return ReportedAttendee(
        id_number=person.id_number, name=form.get("name") or person.name or "", sex=form.get("sex"),
        phone=form.get("phone"), unit=form.get("unit"), department=form.get("department"), title=form.get("title"),
        attended_hours=person.hours, age=form.get("age"), unit_location=form.get("unit_location"),
        grassroots=form.get("grassroots"), position=form.get("position"), education=form.get("education"),
        flags=sorted({flag.code for flag in flags}),
    )
