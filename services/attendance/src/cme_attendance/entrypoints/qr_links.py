"""The URL a venue's QR code carries right now: the learner's page with the current signed token."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from cme_attendance.config import AttendanceSettings
from cme_attendance.domain import qr
from cme_attendance.domain.session import AttendanceSession
from cme_contracts.events.common import Direction


def qr_url(settings: AttendanceSettings, session: AttendanceSession, direction: Direction, now: datetime) -> str:
    """The URL in the QR code on display now: the learner's page with the current signed token."""
    slot = qr.current_slot(session.window(direction), session.qr_refresh_seconds, now)
    token = qr.sign(settings.qr_signing_key.encode(), session.session_id, direction, slot)
    return f"{settings.public_base_url.rstrip('/')}/scan/{direction.value}?t={quote(token)}"
