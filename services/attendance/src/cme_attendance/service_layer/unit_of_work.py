"""The attendance service's unit of work: one transaction, and the repositories that work in it.

It lives in the service layer, as in Cosmic Python: the use cases depend on it, and it is the one
place that knows which adapters make up a transaction. Tests may enter it over a real database
or swap a repository for a fake.
"""

from __future__ import annotations

from cme_attendance.adapters.registrations import RegistrationRepository
from cme_attendance.adapters.reports import ReportRepository
from cme_attendance.adapters.scans import RefusalRepository, ScanRepository
from cme_attendance.adapters.sessions import SessionRepository
from cme_platform.db import UnitOfWork

__all__ = ["AttendanceUnitOfWork"]


class AttendanceUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the attendance repositories on one session.

    The repositories exist only while the unit is entered; the platform's base makes each one anew
    on the unit's session from the annotations below.
    """

    sessions: SessionRepository
    """The sessions (举办场次) opened from approved hold applications."""
    scans: ScanRepository
    """Accepted scans, the first of each person, day and direction counting."""
    refusals: RefusalRepository
    """The failed-scan log (扫码失败记录)."""
    registrations: RegistrationRepository
    """Registration forms at check-in and questionnaire answers at check-out."""
    reports: ReportRepository
    """Submitted execution reports (执行情况上报)."""
