"""The attendee list with times and flags, and the execution report (执行情况上报)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from cme_attendance.domain.access import ensure_reporter, ensure_view
from cme_attendance.domain.attendance import PersonAttendance, attendance_of, completed
from cme_attendance.domain.report import check_submission_time, expected_outcome, report_due, reported_attendees
from cme_attendance.domain.rules import RuleSet, rule_set
from cme_attendance.domain.session import AttendanceSession
from cme_attendance.domain.suspicion import Flag, flags_for
from cme_attendance.service_layer.sessions import load_session
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_contracts.events import ExecutionReported
from cme_platform.auth import Principal


@dataclass(frozen=True)
class ReportAnswer:
    """The published report and, for each reported attendee in order, what they will get."""

    event: ExecutionReported
    outcomes: list[str]

    def as_dict(self) -> dict:
        """The API's answer: every selected person, reported or left out, with the reason."""
        reported = [{"id_number": a.id_number, "name": a.name, "attended_hours": a.attended_hours,
                     "status": "reported", "message": outcome}
                    for a, outcome in zip(self.event.attendees, self.outcomes, strict=True)]
        left_out = [{"id_number": a.id_number, "name": a.name, "attended_hours": a.attended_hours,
                     "status": "left_out", "code": a.code, "message": a.reason} for a in self.event.left_out]
        return {"report_id": self.event.report_id, "attendees": len(reported), "left_out": len(left_out),
                "results": reported + left_out}


async def attendee_list(uow: AttendanceUnitOfWork, principal: Principal, session_id: str
                        ) -> tuple[AttendanceSession, dict]:
    """学员名单, for those who may see the session: every attendee with check-in/check-out times per day,
    attended hours, flags, and the rule's pre-selection."""
    async with uow:
        session = await load_session(uow, session_id)
        ensure_view(principal, session)
        return session, await _listing(uow, session)


async def _listing(uow: AttendanceUnitOfWork, session: AttendanceSession) -> dict:
    rules = rule_set(session.jurisdiction)
    people, flags = await _review(uow, session, rules)
    forms = await uow.registrations.of_session(session.session_id)
    attendees = []
    for id_number, person in sorted(people.items(), key=lambda item: _first_seen(item[1])):
        form = forms.get(id_number, {})
        attendees.append({
            "id_number": id_number, "name": form.get("name") or person.name, "phone": form.get("phone"),
            "unit": form.get("unit"), "department": form.get("department"), "title": form.get("title"),
            "unit_location": form.get("unit_location"), "grassroots": form.get("grassroots"),
            "days": [{"day": d.day.isoformat(), "checked_in_at": _iso(d.first_in), "checked_out_at": _iso(d.last_out),
                      "hours": round(d.hours, 2)} for d in sorted(person.days.values(), key=lambda d: d.day)],
            "attended_hours": person.hours,
            "preselected": completed(person, session.required_hours, rules.required_fraction),
            "flags": [{"code": f.code, "message": f.message, "details": f.details} for f in flags.get(id_number, [])],
        })
    return {
        "session_id": session.session_id, "project_number": session.project_number,
        "project_name": session.project_name, "required_hours": session.required_hours,
        "report_due": report_due(session, rules).isoformat(),
        "report_submitted": await uow.reports.exists(session.session_id),
        "attendees": attendees,
    }


async def submitted_report(uow: AttendanceUnitOfWork, principal: Principal, session_id: str
                           ) -> tuple[AttendanceSession, dict]:
    """What was reported for the session (执行情况): the attendees selected, with their hours and the
    project's credits; no attendees while nothing is reported yet."""
    async with uow:
        session = await load_session(uow, session_id)
        ensure_view(principal, session)
        report = await uow.reports.get(session.session_id) or {}
    return session, {
        "session_id": session.session_id, "project_number": session.project_number,
        "project_name": session.project_name, "credit_class": session.credit_class.value, "credits": session.credits,
        "report_id": report.get("report_id"), "submitted_by": report.get("submitted_by"),
        "submitted_at": _iso(report.get("submitted_at")), "attendees": report.get("attendees", []),
    }


async def submit_report(uow: AttendanceUnitOfWork, principal: Principal, session_id: str,
                        selected: list[str]) -> ReportAnswer:
    """执行情况上报 by the admin of the session's unit: ExecutionReported with the selected attendees, within
    the jurisdiction's deadline; the answer says per person what will become of them (a credit, or why not)."""
    async with uow:
        session = await load_session(uow, session_id)
        ensure_reporter(principal, session)
        # The reporting unit's city comes from its administrator's token.
        answer = await _report(uow, session, selected, principal.account_id, uow.clock.now(), principal.city_id)
        await uow.commit()
    return answer


async def _report(uow: AttendanceUnitOfWork, session: AttendanceSession, selected: list[str], submitted_by: str,
                  now: datetime, city_id: str | None) -> ReportAnswer:
    rules = rule_set(session.jurisdiction)
    check_submission_time(session, rules, now, await uow.reports.exists(session.session_id))
    people, flags = await _review(uow, session, rules)
    forms = await uow.registrations.of_session(session.session_id)
    attendees, left_out = reported_attendees(selected, people, forms, flags)
    event = ExecutionReported(
        report_id=str(uuid.uuid4()), session_id=session.session_id, project_id=session.project_id,
        project_number=session.project_number, project_name=session.project_name, jurisdiction=session.jurisdiction,
        level=session.level, credit_class=session.credit_class, credits=session.credits,
        start_date=session.start_date, end_date=session.end_date, unit_id=session.unit_id,
        submitted_by=submitted_by, submitted_at=now, attendees=attendees, left_out=left_out, city_id=city_id,
    )
    await uow.reports.add(dict(
        report_id=event.report_id, session_id=session.session_id, submitted_by=submitted_by, submitted_at=now,
        attendees=[a.model_dump(mode="json") for a in attendees]))
    await uow.publish_many(event.in_parts())
    return ReportAnswer(event, [expected_outcome(a, session, rules) for a in attendees])


async def _review(uow: AttendanceUnitOfWork, session: AttendanceSession, rules: RuleSet
                  ) -> tuple[dict[str, PersonAttendance], dict[str, list[Flag]]]:
    """Attended time per person and the flags reviewers must see."""
    scans = await uow.scans.of_session(session.session_id)
    people = attendance_of(scans, session.day_of)
    days = {day for person in people.values() for day in person.days}
    elsewhere = await uow.scans.presence_elsewhere(session.session_id, people, days)
    return people, flags_for(session, people, scans, elsewhere, rules.suspicion, rules.timezone)


def _first_seen(person: PersonAttendance) -> datetime:
    """The person's first check-in, or without one their last check-out: everyone listed has a scan."""
    seen = person.first_in or person.last_out
    if seen is None:
        raise ValueError("an attendee listed without a scan")
    return seen


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
