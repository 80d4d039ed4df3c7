"""Signed QR tokens (签到/签退二维码): which session, which direction, which time slot.

A token is `<session_id>~<i|o>~<slot>~<signature>`, signed with HMAC-SHA256 under the
service's key, so it cannot be forged or turned into the other direction. The slot number
counts refresh periods from the opening of the direction's window, so the code on the
venue display changes every period and a photo of it sent to someone at home stops working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, tzinfo

from cme_attendance.domain.errors import ScanRefused
from cme_contracts.events.common import Direction, TimeWindow

_SEPARATOR = "~"
_LETTER = {Direction.IN: "i", Direction.OUT: "o"}
_DIRECTION = {letter: direction for direction, letter in _LETTER.items()}
DIRECTION_NAMES = {Direction.IN: "签到", Direction.OUT: "签退"}


@dataclass(frozen=True)
class QrToken:
    """What a verified token says."""

    session_id: str
    direction: Direction
    slot: int


def current_slot(window: TimeWindow, refresh_seconds: int, now: datetime) -> int:
    """The refresh period `now` falls in, counted from the window's opening."""
    return int((now - window.opens_at).total_seconds() // refresh_seconds)


def _signature(key: bytes, payload: str) -> str:
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(key: bytes, session_id: str, direction: Direction, slot: int) -> str:
    """The token for one session, direction and slot."""
    payload = _SEPARATOR.join((session_id, _LETTER[direction], str(slot)))
    return f"{payload}{_SEPARATOR}{_signature(key, payload)}"


def parse(key: bytes, token: str) -> QrToken:
    """Check the signature and read the token; a forged or damaged token is refused."""
    parts = token.rsplit(_SEPARATOR, 3)
    if len(parts) != 4 or parts[1] not in _DIRECTION or not parts[2].lstrip("-").isdigit():
        raise ScanRefused("qr.forged", "二维码无效（不是本平台生成的签到/签退码）")
    session_id, letter, slot, signature = parts
    expected = _signature(key, _SEPARATOR.join((session_id, letter, slot)))
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "surrogatepass")):
        raise ScanRefused("qr.forged", "二维码无效（不是本平台生成的签到/签退码）", session_id=session_id)
    return QrToken(session_id, _DIRECTION[letter], int(slot))


def check_window(window: TimeWindow, direction: Direction, at: datetime, tz: tzinfo | None = None) -> None:
    """Refuse a scan outside the direction's window [opens_at, closes_at); times shown in tz."""
    if not window.opens_at <= at < window.closes_at:
        name = DIRECTION_NAMES[direction]
        raise ScanRefused(
            "scan.outside_window",
            f"不在{name}时间内：{name}时间为 {_local(window.opens_at, tz)} 至 {_local(window.closes_at, tz)}",
            direction=direction.value,
            opens_at=window.opens_at.isoformat(),
            closes_at=window.closes_at.isoformat(),
        )


def accept(token: QrToken, direction: Direction, window: TimeWindow, refresh_seconds: int, now: datetime,
           tz: tzinfo | None = None) -> None:
    """Refuse a verified token used for the other direction, outside its window, or stale.

    The previous slot is still accepted: a learner who scanned just before the display
    rotated should not be sent back to scan again.
    """
    if token.direction != direction:
        raise ScanRefused("qr.wrong_direction",
                          f"这是{DIRECTION_NAMES[token.direction]}二维码，请扫描{DIRECTION_NAMES[direction]}二维码",
                          token_direction=token.direction.value, expected=direction.value)
    check_window(window, direction, now, tz)
    slot = current_slot(window, refresh_seconds, now)
    if token.slot < slot - 1:
        raise ScanRefused("qr.expired", "二维码已过期，请扫描会场屏幕上的最新二维码",
                          token_slot=token.slot, current_slot=slot)
    if token.slot > slot:
        raise ScanRefused("qr.not_yet_valid", "二维码尚未生效，请扫描会场屏幕上的当前二维码",
                          token_slot=token.slot, current_slot=slot)


def _local(moment: datetime, tz: tzinfo | None) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
