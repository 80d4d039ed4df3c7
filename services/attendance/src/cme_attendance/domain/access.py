"""Who may see or act on a session: the owner, its unit's admin, the province's office."""

from __future__ import annotations

from cme_attendance.domain.session import AttendanceSession
from cme_platform.access import Place, oversees
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden


def may_view(principal: Principal, session: AttendanceSession) -> bool:
    """Owner (立项用户), unit admin of the session's unit, and the provincial office and the
    regulators of its jurisdiction (a regulator reads only within its own)."""
    return (
        (principal.role is Role.PROJECT_OWNER and principal.account_id == session.owner_id)
        or (principal.role is Role.UNIT_ADMIN and principal.unit_id == session.unit_id)
        or (principal.role in (Role.PROVINCIAL_OFFICE, Role.REGULATOR)
            and oversees(principal, Place(session.jurisdiction)))
    )


def ensure_view(principal: Principal, session: AttendanceSession) -> None:
    """403 unless the caller may see this session."""
    if not may_view(principal, session):
        raise Forbidden("session.forbidden", "无权查看该举办场次", session_id=session.session_id)


def ensure_reporter(principal: Principal, session: AttendanceSession) -> None:
    """403 unless the caller is the admin of the session's unit (行政用户), who submits the report."""
    if principal.role is not Role.UNIT_ADMIN or principal.unit_id != session.unit_id:
        raise Forbidden("execution_report.forbidden", "只有该项目所属单位的行政用户可以上报执行情况",
                        session_id=session.session_id)


def may_upload(principal: Principal, session: AttendanceSession) -> bool:
    """Devices (of the session's unit, when the token names one) and the session's owner may upload scans."""
    if principal.role is Role.DEVICE:
        return principal.unit_id in (None, session.unit_id)
    return principal.role is Role.PROJECT_OWNER and principal.account_id == session.owner_id
