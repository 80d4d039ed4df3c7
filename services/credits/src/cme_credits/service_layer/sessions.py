"""Credits from held sessions: an execution report (执行情况上报) creates pending credits."""

from __future__ import annotations

import uuid

from cme_contracts.events import ExecutionReported, ReportedAttendee
from cme_credits.domain.arithmetic import session_credits
from cme_credits.domain.review import ReviewState, Status, submit
from cme_credits.domain.rules import load_rule_set
from cme_credits.service_layer.outcomes import approved
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork


async def on_execution_reported(event: ExecutionReported, uow: CreditsUnitOfWork) -> None:
    """One pending credit per selected attendee, entering the jurisdiction's session chain.

    The credits follow from each attendee's hours (national arithmetic, the rule set's choice
    on partial attendance). Whoever earns nothing — too few hours, or left out of the report
    for having no check-out — gets a row that says so, which the learner and the unit see.
    The origin key (report, person) makes a report processed twice — a replay under a new
    event id — grant nothing twice; the inbox alone would not catch that.
    """
    rules = load_rule_set(event.jurisdiction)
    state = submit(ReviewState(Status.DRAFT, 0, rules.chain_for("session")))
    rows = []
    for attendee in event.attendees:
        credits = session_credits(rules, level=event.level.value, session_credits=event.credits,
                                  attended_hours=attendee.attended_hours, speaker_hours=attendee.speaker_hours)
        if credits <= 0:
            reason = f"实际参会 {attendee.attended_hours:g} 学时，未达到规定学时，按本省规则不授予学分"
            rows.append(_not_granted(event, attendee.id_number, attendee.name, attendee.attended_hours, reason))
        else:
            rows.append(_pending_credit(event, attendee, credits, state))
    rows += [_not_granted(event, p.id_number, p.name, p.attended_hours, p.reason) for p in event.left_out]
    first: dict[str, dict] = {}
    for values in rows:  # a person listed twice keeps the first row, as when rows were inserted in turn
        first.setdefault(values["origin_key"], values)
    pending = [r for r in first.values() if r["status"] != Status.REJECTED.value]
    closed = [r for r in first.values() if r["status"] == Status.REJECTED.value]

    created = await uow.credits.add_many(pending, actor=event.submitted_by, action="reported")
    if created and state.status is Status.APPROVED:
        locked = await uow.credits.get_many_for_update(created, scope=None)  # for no caller: the rows just made
        await uow.publish_many([approved(uow, locked[values["credit_id"]], approved_by=event.submitted_by)
                                for values in pending if values["credit_id"] in created])
    created = await uow.credits.add_many(closed, actor=event.submitted_by, action="not_granted")
    for values in closed:
        if values["credit_id"] in created:
            await uow.audit("credit.not_granted", subject=event.report_id, actor=event.submitted_by,
                            details={"id_number": values["id_number"], "attended_hours": values["hours"],
                                     "reason": values["last_reason"]})


def _not_granted(event: ExecutionReported, id_number: str, name: str, hours: float, reason: str) -> dict:
    """A closed row of 0 credits with the reason (未授予学分), so nobody has to guess what happened."""
    return _row(event, id_number.upper(), name, None, hours) | {
        "credits": 0.0, "status": Status.REJECTED.value, "stage": 0, "chain": [], "last_reason": reason}


def _pending_credit(event: ExecutionReported, attendee: ReportedAttendee, credits: float, state: ReviewState) -> dict:
    """The ledger row of one attendee's credit; the reviewing unit and city are the report's."""
    row = _row(event, attendee.id_number.upper(), attendee.name, attendee.unit,
               attendee.attended_hours + attendee.speaker_hours)
    row["details"] |= {"speaker_hours": attendee.speaker_hours,
                       "flags": list(attendee.flags)}  # suspicious swipe patterns, shown to reviewers
    return row | {"credits": credits, "status": state.status.value, "stage": state.stage, "chain": list(state.chain)}


def _row(event: ExecutionReported, id_number: str, name: str, unit: str | None, hours: float) -> dict:
    """What every row from this report says of one person, whatever they earned."""
    return {
        "credit_id": str(uuid.uuid4()),
        "id_number": id_number,
        "name": name,
        "unit": unit,
        "unit_id": event.unit_id,
        "city_id": event.city_id,
        "jurisdiction": event.jurisdiction,
        "year": event.end_date.year,
        "credit_class": event.credit_class.value,
        "level": event.level.value,
        "hours": hours,
        "source": "session",
        "category": "session",
        "project_number": event.project_number,
        "project_name": event.project_name,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "entered_by": event.submitted_by,
        "origin_key": f"report:{event.report_id}:{id_number}",
        "details": {"session_id": event.session_id, "project_id": event.project_id, "attended_hours": hours},
    }
