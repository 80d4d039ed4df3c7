"""Sessions from approvals: an approved hold application becomes a session here (举办场次)."""

from __future__ import annotations

from cme_attendance.adapters import repository
from cme_attendance.domain.session import AttendanceSession
from cme_contracts.events import HoldApplicationApproved
from cme_platform.db import UnitOfWork
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


async def on_hold_application_approved(event: HoldApplicationApproved, uow: UnitOfWork) -> None:
    """Create the session the approval describes."""
    await repository.add_session(uow.session, session_of(event))


async def load_session(uow: UnitOfWork, session_id: str) -> AttendanceSession:
    """The session, or 404 with the reason."""
    session = await repository.get_session(uow.session, session_id)
    if session is None:
        raise NotFound("session.not_found", "未找到该举办场次（举办申请可能尚未审核通过）", session_id=session_id)
    return session
