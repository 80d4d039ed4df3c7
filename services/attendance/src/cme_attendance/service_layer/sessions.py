"""Sessions from approvals: an approved hold application becomes a session here (举办场次)."""

from __future__ import annotations

from cme_attendance.domain.access import ensure_view
from cme_attendance.domain.session import AttendanceSession
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_contracts.events import HoldApplicationApproved
from cme_platform.auth import Principal
from cme_platform.errors import NotFound


def session_of(event: HoldApplicationApproved) -> AttendanceSession:
    """The session an approval creates, with its windows, QR refresh period and required hours."""
    return AttendanceSession(
        session_id=event.session_id, application_id=event.application_id, project_id=event.project_id,
        project_number=event.project_number, project_name=event.project_name, jurisdiction=event.jurisdiction,
        level=event.level, credit_class=event.credit_class, credits=event.credits, venue=event.venue,
        owner_id=event.owner_id, unit_id=event.unit_id, schedule=tuple(event.schedule),
        check_in_window=event.check_in_window, check_out_window=event.check_out_window,
        qr_refresh_seconds=event.qr_refresh_seconds, required_hours=event.required_hours,
    )


async def on_hold_application_approved(event: HoldApplicationApproved, uow: AttendanceUnitOfWork) -> None:
    """Create the session the approval describes."""
    await uow.sessions.add(session_of(event))


async def load_session(uow: AttendanceUnitOfWork, session_id: str) -> AttendanceSession:
    """The session, or 404 with the reason."""
    session = await uow.sessions.get(session_id)
    if session is None:
        raise NotFound("session.not_found", "未找到该举办场次（举办申请可能尚未审核通过）", session_id=session_id)
    return session


async def session_for(uow: AttendanceUnitOfWork, session_id: str) -> AttendanceSession:
    """The session, read in a unit of its own (a learner's page needs its name and rules)."""
    async with uow:
        return await load_session(uow, session_id)


async def viewable(uow: AttendanceUnitOfWork, principal: Principal, session_id: str) -> AttendanceSession:
    """The session, if the caller may see it (owner, its unit's admin, its province's office and regulator)."""
    async with uow:
        session = await load_session(uow, session_id)
    ensure_view(principal, session)
    return session


async def live_counts(uow: AttendanceUnitOfWork, principal: Principal, session_id: str
                      ) -> tuple[AttendanceSession, dict]:
    """Who is in and who has left (在场/已签退), and how many scans were refused."""
    async with uow:
        session = await load_session(uow, session_id)
        ensure_view(principal, session)
        return session, await uow.scans.counts(session_id) | {"refused": await uow.refusals.count(session_id)}


async def refused_scans(uow: AttendanceUnitOfWork, principal: Principal, session_id: str) -> list[dict]:
    """The failed-scan log (扫码失败记录) of a session, newest first."""
    async with uow:
        ensure_view(principal, await load_session(uow, session_id))
        return await uow.refusals.of_session(session_id)
