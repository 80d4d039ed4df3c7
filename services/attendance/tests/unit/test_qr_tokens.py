"""Signed QR tokens: forged, expired, wrong-direction and out-of-window scans are refused."""

from datetime import UTC, datetime, timedelta

import pytest

from cme_attendance.domain import qr
from cme_attendance.domain.errors import ScanRefused
from cme_contracts.events.common import Direction, TimeWindow

KEY = b"k" * 32
OPENS = datetime(2026, 11, 22, 0, 0, tzinfo=UTC)
WINDOW = TimeWindow(opens_at=OPENS, closes_at=OPENS + timedelta(hours=10))
REFRESH = 60


def token_at(moment: datetime, direction: Direction = Direction.IN) -> qr.QrToken:
    return qr.parse(KEY, qr.sign(KEY, "sess-1", direction, qr.current_slot(WINDOW, REFRESH, moment)))


def refusal(token: qr.QrToken, direction: Direction, now: datetime) -> str:
    with pytest.raises(ScanRefused) as refused:
        qr.accept(token, direction, WINDOW, REFRESH, now)
    return refused.value.code


def test_a_token_names_its_session_direction_and_slot():
    token = qr.parse(KEY, qr.sign(KEY, "sess-1", Direction.OUT, 7))
    assert token == qr.QrToken("sess-1", Direction.OUT, 7)


def test_a_current_token_is_accepted():
    now = OPENS + timedelta(hours=1)
    qr.accept(token_at(now), Direction.IN, WINDOW, REFRESH, now)


def test_the_previous_slots_token_is_still_accepted():
    now = OPENS + timedelta(hours=1)
    qr.accept(token_at(now - timedelta(seconds=REFRESH)), Direction.IN, WINDOW, REFRESH, now)


def test_a_token_two_slots_old_is_expired():
    now = OPENS + timedelta(hours=1)
    assert refusal(token_at(now - timedelta(seconds=2 * REFRESH)), Direction.IN, now) == "qr.expired"


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
    lambda t: t.replace("~i~", "~o~"),  # direction changed without the key
    lambda t: t.replace("sess-1", "sess-2"),  # another session
    lambda t: "not-a-token",
    lambda t: t[:-2] + "签到",  # a signature of characters no signature has
])
def test_a_forged_token_is_refused(tamper):
    with pytest.raises(ScanRefused) as refused:
        qr.parse(KEY, tamper(qr.sign(KEY, "sess-1", Direction.IN, 3)))
    assert refused.value.code == "qr.forged"


def test_a_token_signed_with_another_key_is_forged():
    with pytest.raises(ScanRefused) as refused:
        qr.parse(KEY, qr.sign(b"x" * 32, "sess-1", Direction.IN, 3))
    assert refused.value.code == "qr.forged"


def test_a_check_in_code_used_to_check_out_is_the_wrong_direction():
    now = OPENS + timedelta(hours=1)
    assert refusal(token_at(now, Direction.IN), Direction.OUT, now) == "qr.wrong_direction"


def test_a_scan_after_the_window_closed_is_outside_the_window():
    now = WINDOW.closes_at + timedelta(minutes=1)
    assert refusal(token_at(now), Direction.IN, now) == "scan.outside_window"


def test_the_window_refusal_tells_the_window_in_local_time():
    from zoneinfo import ZoneInfo

    with pytest.raises(ScanRefused) as refused:
        qr.check_window(WINDOW, Direction.IN, OPENS - timedelta(seconds=1), ZoneInfo("Asia/Shanghai"))
    assert "2026-11-22 08:00 至 2026-11-22 18:00" in refused.value.message
