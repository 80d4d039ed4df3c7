"""The learner's pages on a phone (`/scan/...`, server-rendered, Chinese) and the venue display.

Learners are not signed in: the signed QR token is the authority. Opening a page with a
valid token issues a one-time ticket in Redis that remembers when the scan happened, so
the time spent filling the form does not count against the window, and a replayed form
post finds its ticket gone. Check-out's steps are in `check_out_pages`.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from cme_attendance.adapters.tickets import TicketStore
from cme_attendance.domain import qr
from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.forms import validate_registration
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import Ticket
from cme_attendance.entrypoints.api import VIEWERS
from cme_attendance.entrypoints.dependencies import UoW
from cme_attendance.service_layer import learner
from cme_attendance.service_layer.scanning import ScanOutcome
from cme_attendance.service_layer.sessions import live_counts, session_for
from cme_contracts.events.common import Direction
from cme_platform.addresses import client_address
from cme_platform.auth import Principal, require_roles
from cme_platform.errors import DomainError
from cme_platform.ratelimit import hit
from cme_platform.ratelimit import refuse as too_many_requests
from cme_platform.web.shell import page_templates

router = APIRouter(prefix="/scan", tags=["scan pages"])
templates = page_templates(Path(__file__).resolve().parent.parent / "templates")
PHONE_COOKIE = "cme_phone"


def expired() -> ScanRefused:
    """The refusal of a ticket already used or timed out."""
    return ScanRefused("scan.ticket_expired", "页面已过期或已提交，请重新扫描会场二维码")


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    """A scan page, marking the phone with a cookie on its first visit."""
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if PHONE_COOKIE not in request.cookies:
        # Identifies the phone, so one phone registering many people can be flagged.
        response.set_cookie(PHONE_COOKIE, _phone_id(request), max_age=365 * 24 * 3600, httponly=True, samesite="lax")
    return response


def _phone_id(request: Request) -> str:
    if PHONE_COOKIE not in request.cookies:
        request.state.phone_id = getattr(request.state, "phone_id", None) or secrets.token_hex(8)
        return request.state.phone_id
    return request.cookies[PHONE_COOKIE][:32]


def message_page(request: Request, error: DomainError | None = None, *, heading: str = "", message: str = "",
                 kind: str = "ok", project_name: str = "") -> HTMLResponse:
    """The one-line outcome page: a refusal (with its code), or a heading and message."""
    if error is not None:
        return page(request, "message.html", error.status_code, heading="未能完成", message=error.message,
                    code=error.code, kind="refused", project_name=project_name)
    return page(request, "message.html", heading=heading, message=message, kind=kind, project_name=project_name)


async def limit_rate(request: Request) -> None:
    """Refuse a client address scanning faster than the settings allow."""
    runtime = request.app.state.runtime
    limit = runtime.settings.scan_rate_limit_per_minute
    if await hit(runtime.redis, f"attendance-scan:{client_address(request)}", limit, 60) > limit:
        raise too_many_requests("rate_limited", "访问过于频繁，请稍后再试", 60, limit=limit)


def tickets(request: Request) -> TicketStore:
    """The one-time tickets of opened scan pages (Redis)."""
    runtime = request.app.state.runtime
    return TicketStore(runtime.redis, runtime.settings.scan_ticket_seconds)


@router.get("/{direction}", response_class=HTMLResponse)
async def open_scan(direction: Direction, request: Request, uow: UoW, t: str = "") -> HTMLResponse:
    """A learner scanned a QR code: check the token, then show the form of that direction."""
    await limit_rate(request)
    runtime = request.app.state.runtime
    now = runtime.clock.now()
    try:
        session = await learner.open_scan(uow, runtime.settings.qr_signing_key.encode(), t, direction,
                                          _phone_id(request))
    except ScanRefused as refusal:
        return message_page(request, refusal)
    ticket = await tickets(request).issue(session.session_id, direction, _phone_id(request), now)
    if direction is Direction.IN:
        return page(request, "register.html", project_name=session.project_name, ticket=ticket.ticket_id,
                     values={}, errors={})
    return page(request, "phone.html", project_name=session.project_name, ticket=ticket.ticket_id)


async def open_ticket(request: Request, ticket_id: str, direction: Direction) -> Ticket:
    ticket = await tickets(request).peek(ticket_id)
    if ticket is None or ticket.direction is not direction:
        raise expired()
    return ticket


@router.post("/in", response_class=HTMLResponse)
async def submit_registration(request: Request, uow: UoW) -> HTMLResponse:
    """The registration form (学员信息): check-in on success; errors shown beside their fields."""
    await limit_rate(request)
    form = await request.form()
    try:
        ticket = await open_ticket(request, str(form.get("ticket", "")), Direction.IN)
    except ScanRefused as refusal:
        return message_page(request, refusal)
    session = await session_for(uow, ticket.session_id)
    clean, errors = validate_registration({k: str(v) for k, v in form.items()})
    if errors:
        return page(request, "register.html", 422, project_name=session.project_name, ticket=ticket.ticket_id,
                    values=dict(form), errors=errors)
    if await tickets(request).take(ticket.ticket_id) is None:
        return message_page(request, expired())
    outcome = await learner.check_in(uow, ticket, clean)
    return show_outcome(request, outcome, session.project_name, "您的信息注册成功！", "签到成功")


def show_outcome(request: Request, outcome: ScanOutcome, project_name: str, accepted: str,
                 heading: str) -> HTMLResponse:
    """What a check-in or check-out came to: accepted, already done, or refused."""
    if outcome.status == "accepted":
        return message_page(request, heading=heading, message=accepted, project_name=project_name)
    if outcome.code is None or outcome.message is None:  # a duplicate or a refusal always says which and why
        raise ValueError(f"a {outcome.status} scan outcome without its code and message")
    if outcome.status == "duplicate":
        return message_page(request, heading="无需重复操作", message=outcome.message, kind="info",
                            project_name=project_name)
    return message_page(request, ScanRefused(outcome.code, outcome.message, **outcome.details),
                        project_name=project_name)


@router.get("/display/{session_id}", response_class=HTMLResponse)
async def venue_display(session_id: str, request: Request, uow: UoW, direction: Direction = Direction.IN,
                        principal: Principal = Depends(require_roles(*VIEWERS))) -> HTMLResponse:
    """The venue display: the current QR code, refreshing itself, with live counts."""
    session, counts = await live_counts(uow, principal, session_id)
    tz = rule_set(session.jurisdiction).timezone
    window = session.window(direction)
    refresh = session.qr_refresh_seconds
    return page(request, "display.html", heading=qr.DIRECTION_NAMES[direction], project_name=session.project_name,
                 project_number=session.project_number, counts=counts,
                 image_url=f"/api/attendance/sessions/{session_id}/qr/{direction.value}.svg",
                 counts_url=f"/api/attendance/sessions/{session_id}/counts",
                 reload_seconds=max(1, min(refresh // 2, 30)),
                 refresh_text=f"{refresh // 3600} 小时" if refresh >= 3600 else f"{refresh} 秒",
                 opens=window.opens_at.astimezone(tz).strftime("%m-%d %H:%M"),
                 closes=window.closes_at.astimezone(tz).strftime("%m-%d %H:%M"))
