"""Check-out on the learner's phone (`/scan/out/...`): the phone number finds the registration,
the questionnaire follows, and confirming records the check-out. The ticket of the scan carries
the scan's time through every step, as for check-in (see `pages`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.forms import validate_answers
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import AttendanceSession, Ticket
from cme_attendance.entrypoints.dependencies import UoW
from cme_attendance.entrypoints.pages import expired, limit_rate, message_page, open_ticket, page, show_outcome, tickets
from cme_attendance.service_layer import learner
from cme_attendance.service_layer.sessions import session_for
from cme_contracts.events.common import Direction

check_out = APIRouter(prefix="/scan", tags=["scan pages"])
# Refusals of check-out that the learner answers by retyping the phone number.
PHONE_REFUSALS = {"identity.phone_invalid", "scan.check_out_without_check_in", "scan.phone_ambiguous"}


async def _person(request: Request, uow: UoW, form) -> tuple[Ticket, dict, AttendanceSession]:
    """The open check-out ticket, the person found by the phone number, and the session."""
    ticket = await open_ticket(request, str(form.get("ticket", "")), Direction.OUT)
    session, person = await learner.identify(uow, ticket, str(form.get("phone", "")))
    return ticket, person, session


@check_out.post("/out/identify", response_class=HTMLResponse)
async def identify(request: Request, uow: UoW) -> HTMLResponse:
    """Step 2 of check-out: the phone number finds the registration, shown to confirm."""
    await limit_rate(request)
    form = await request.form()
    try:
        ticket, person, session = await _person(request, uow, form)
    except ScanRefused as refusal:
        if refusal.code not in PHONE_REFUSALS:
            return message_page(request, refusal)
        # The learner can retype the number: say why under it, on the same form.
        ticket = await open_ticket(request, str(form.get("ticket", "")), Direction.OUT)
        session = await session_for(uow, ticket.session_id)
        return page(request, "phone.html", refusal.status_code, project_name=session.project_name,
                    ticket=ticket.ticket_id, phone=str(form.get("phone", "")), error=refusal)
    return page(request, "identity.html", project_name=session.project_name, ticket=ticket.ticket_id, person=person)


@check_out.post("/out/questionnaire", response_class=HTMLResponse)
async def questionnaire(request: Request, uow: UoW) -> HTMLResponse:
    """Step 3 of check-out: the questionnaire (调查问卷) of the session's jurisdiction."""
    await limit_rate(request)
    return await _questionnaire(request, uow, await request.form())


async def _questionnaire(request: Request, uow: UoW, form, error: ScanRefused | None = None,
                         answers: dict | None = None) -> HTMLResponse:
    try:
        ticket, person, session = await _person(request, uow, form)
    except ScanRefused as refusal:
        return message_page(request, refusal)
    rules = rule_set(session.jurisdiction)
    return page(request, "questionnaire.html", 422 if error else 200, title=rules.questionnaire_title,
                questions=rules.questions, ticket=ticket.ticket_id, phone=person["phone"], error=error,
                answers=answers or {})


@check_out.post("/out/confirm", response_class=HTMLResponse)
async def confirm_check_out(request: Request, uow: UoW) -> HTMLResponse:
    """Step 4 of check-out: answers kept, check-out recorded (refused without a check-in)."""
    await limit_rate(request)
    form = await request.form()
    try:
        ticket, person, session = await _person(request, uow, form)
    except ScanRefused as refusal:
        return message_page(request, refusal)
    rules = rule_set(session.jurisdiction)
    # Each answer as text, as the ticket and the phone are read: a file sent in place of a choice
    # matches no option, so its question is refused as unanswered, the same as before.
    submitted = {q.id: [str(value) for value in form.getlist(q.id)] for q in rules.questions}
    try:
        answers = validate_answers(rules.questions, submitted)
    except ScanRefused as refusal:
        return await _questionnaire(request, uow, form, refusal, submitted)
    if await tickets(request).take(ticket.ticket_id) is None:
        return message_page(request, expired())
    outcome = await learner.check_out(uow, ticket, person, answers)
    return show_outcome(request, outcome, session.project_name, "离场确认成功，感谢参加本次学习！", "签退成功")
