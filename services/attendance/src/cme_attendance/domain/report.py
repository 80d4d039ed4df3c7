"""The execution report (执行情况): who completed the required hours, submitted within the deadline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from cme_attendance.domain.attendance import PersonAttendance, completed_hours
from cme_attendance.domain.rules import RuleSet
from cme_attendance.domain.session import AttendanceSession
from cme_attendance.domain.suspicion import Flag
from cme_contracts.events.attendance import LeftOutAttendee, ReportedAttendee
from cme_platform.errors import Conflict, DomainError


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
        raise DomainError(
            "execution_report.too_late",
            f"已超过上报期限：执行情况应于 {due.isoformat()}"
            f"（含当日，举办结束后{rules.report_deadline_days}天内）之前上报",
            due=due.isoformat(),
            end_date=session.end_date.isoformat(),
        )


def reported_attendees(selected: Iterable[str], people: Mapping[str, PersonAttendance],
                       registrations: Mapping[str, Mapping],
                       flags: Mapping[str, list[Flag]]) -> tuple[list[ReportedAttendee], list[LeftOutAttendee]]:
    """The selected attendees who can earn a credit, and those left out with why.

    Someone with no check-out or no attended time can earn nothing under any rule set, so
    they are not passed on as if they could: they are named, with the reason, for the admin
    and the learner. An unknown ID, or a selection of nobody who can earn anything, is refused.
    """
    chosen = list(dict.fromkeys(selected))
    if not chosen:
        raise DomainError("execution_report.empty", "请至少选择一名完成规定学时的学员")
    unknown = [id_number for id_number in chosen if id_number not in people]
    if unknown:
        raise DomainError("execution_report.unknown_attendee", "所选人员没有本场次的考勤记录", id_numbers=unknown)
    reported, left_out = [], []
    for id_number in chosen:
        person, form = people[id_number], registrations.get(id_number, {})
        why = _why_left_out(person)
        if why is None:
            reported.append(_attendee(person, form, flags.get(id_number, [])))
        else:
            left_out.append(LeftOutAttendee(id_number=id_number, name=_name(person, form),
                                            attended_hours=person.hours, code=why[0], reason=why[1]))
    if not reported:
        raise DomainError("execution_report.nobody_eligible", "所选人员均不能获得学分，未上报：" + _listed(left_out),
                          left_out=[item.model_dump() for item in left_out])
    return reported, left_out


def expected_outcome(attendee: ReportedAttendee, session: AttendanceSession, rules: RuleSet) -> str:
    """What will become of a reported attendee, in the words the admin and the learner read."""
    if completed_hours(attendee.attended_hours, session.required_hours, rules.required_fraction):
        return f"已完成规定学时（{attendee.attended_hours:g} 学时），将授予 {session.credits:g} 学分，经审核通过后生效"
    return (f"未完成规定学时（{attendee.attended_hours:g}/{session.required_hours:g} 学时），"
            "是否按学时授予部分学分由学分审核按本省规则核定")


def _why_left_out(person: PersonAttendance) -> tuple[str, str] | None:
    if person.last_out is None:
        return "execution_report.no_check_out", "没有签退记录（签到、签退缺一不可），不能获得学分"
    if person.hours <= 0:
        return "execution_report.no_attended_time", "签退早于签到，实际参会学时为 0，不能获得学分"
    return None


def _name(person: PersonAttendance, form: Mapping) -> str:
    return form.get("name") or person.name or ""


def _listed(left_out: list[LeftOutAttendee]) -> str:
    return "；".join(f"{item.name or item.id_number}：{item.reason}" for item in left_out)


def _attendee(person: PersonAttendance, form: Mapping, flags: list[Flag]) -> ReportedAttendee:
    return ReportedAttendee(
        id_number=person.id_number, name=_name(person, form), sex=form.get("sex"),
        phone=form.get("phone"), unit=form.get("unit"), department=form.get("department"), title=form.get("title"),
        attended_hours=person.hours, age=form.get("age"), unit_location=form.get("unit_location"),
        grassroots=form.get("grassroots"), position=form.get("position"), education=form.get("education"),
        flags=sorted({flag.code for flag in flags}),
    )
