"""Patterns of attendance a reviewer must look at (代刷卡嫌疑, seed 004), with the words people read.

Attendance raises them; credits carries them on session credits; the portal and the exports show
them. Events carry the codes as plain strings, so a reader meeting a code newer than itself shows
the code instead of failing (`label`).
"""

from __future__ import annotations

from enum import StrEnum


class AttendanceFlag(StrEnum):
    """One suspicious pattern in a person's scans (疑似代签)."""

    CHECK_OUT_WITHOUT_CHECK_IN = "check_out_without_check_in"
    SHORT_ATTENDANCE = "short_attendance"
    OVERLAPPING_VENUES = "overlapping_venues"
    MANY_IDS_ONE_DEVICE = "many_ids_one_device"

    @property
    def label(self) -> str:
        """The flag as a reviewer reads it (有签退无签到, …)."""
        return _LABELS[self]


_LABELS = {
    AttendanceFlag.CHECK_OUT_WITHOUT_CHECK_IN: "有签退无签到",
    AttendanceFlag.SHORT_ATTENDANCE: "在场时间明显不足",
    AttendanceFlag.OVERLAPPING_VENUES: "同一时间出现在两个会场",
    AttendanceFlag.MANY_IDS_ONE_DEVICE: "同一设备短时间登记多人",
}


def label(code: str) -> str:
    """The Chinese label of a flag code; an unknown code as it is."""
    return _LABELS.get(code, code)  # type: ignore[call-overload]
