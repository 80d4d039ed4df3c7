"""Patterns reviewers must see (代刷卡嫌疑): swiping for someone else is punished (seed 004)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from cme_attendance.domain.attendance import PersonAttendance
from cme_attendance.domain.rules import SuspicionRules
from cme_attendance.domain.session import AttendanceSession, Scan
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.flags import AttendanceFlag


@dataclass(frozen=True)
class Flag:
    """One reason a reviewer should look at a person's attendance."""

    code: AttendanceFlag
    message: str
    details: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Presence:
    """A person's presence at another session: from first to last scan of one day."""

    session_id: str
    venue: str
    starts_at: datetime
    ends_at: datetime


def flags_for(session: AttendanceSession, people: dict[str, PersonAttendance], scans: Iterable[Scan],
              elsewhere: dict[str, list[Presence]], rules: SuspicionRules, tz: tzinfo) -> dict[str, list[Flag]]:
    """Every flag per ID number; people without a flag are absent from the result."""
    flags: dict[str, list[Flag]] = defaultdict(list)
    for id_number, person in people.items():
        flags[id_number] += _missing_check_in(person) + _short(session, person, rules, tz)
        flags[id_number] += _overlapping(session, person, elsewhere.get(id_number, []))
    for id_number, flag in _bursts(list(scans), rules):
        if flag not in flags[id_number]:
            flags[id_number].append(flag)
    return {id_number: found for id_number, found in flags.items() if found}


def _missing_check_in(person: PersonAttendance) -> list[Flag]:
    return [Flag(AttendanceFlag.CHECK_OUT_WITHOUT_CHECK_IN, f"{day.day} 有签退记录但没有签到记录",
                 {"day": day.day.isoformat()})
            for day in person.days.values() if day.last_out and not day.first_in]


def _short(session: AttendanceSession, person: PersonAttendance, rules: SuspicionRules, tz: tzinfo) -> list[Flag]:
    found = []
    for day in person.days.values():
        scheduled = session.scheduled_hours(day.day)
        if day.first_in and day.last_out and scheduled and day.hours < scheduled * rules.short_attendance_fraction:
            found.append(Flag(AttendanceFlag.SHORT_ATTENDANCE,
                              f"{day.day} 实际参会 {day.hours:.1f} 小时，远少于日程 {scheduled:.1f} 小时",
                              {"day": day.day.isoformat(), "hours": round(day.hours, 2), "scheduled_hours": scheduled}))
    return found


def _overlapping(session: AttendanceSession, person: PersonAttendance, elsewhere: list[Presence]) -> list[Flag]:
    found = []
    for day in person.days.values():
        points = [t for t in (day.first_in, day.last_out) if t]
        if not points:
            continue
        start, end = min(points), max(points)
        for other in elsewhere:
            if other.session_id != session.session_id and other.starts_at <= end and start <= other.ends_at:
                found.append(
                    Flag(
                        AttendanceFlag.OVERLAPPING_VENUES,
                        f"同一身份证号同时段在另一会场（{other.venue}）有考勤记录",
                        {"other_session_id": other.session_id, "other_venue": other.venue, "day": day.day.isoformat()},
                    )
                )
    return found


def _bursts(scans: list[Scan], rules: SuspicionRules) -> list[tuple[str, Flag]]:
    """Many different IDs from one phone or one device within seconds: one card per person can't be that fast."""
    by_device: dict[str, list[Scan]] = defaultdict(list)
    for scan in scans:
        if scan.device_id:
            by_device[scan.device_id].append(scan)
    found = []
    for device_id, device_scans in by_device.items():
        phone = device_scans[0].method is ScanMethod.QR
        limit = rules.phone_max_ids if phone else rules.device_max_ids
        seconds = rules.phone_window_seconds if phone else rules.device_window_seconds
        for ids in _crowded_windows(sorted(device_scans, key=lambda s: s.scanned_at), limit, seconds):
            what = "同一部手机" if phone else "同一台刷卡设备"
            flag = Flag(AttendanceFlag.MANY_IDS_ONE_DEVICE, f"{what}在 {seconds} 秒内登记了 {len(ids)} 个不同身份证号",
                        {"device_id": device_id, "ids": len(ids), "seconds": seconds})
            found += [(id_number, flag) for id_number in sorted(ids)]
    return found


def _crowded_windows(scans: list[Scan], limit: int, seconds: int) -> list[set[str]]:
    """Sets of more than `limit` distinct IDs seen within `seconds` of each other (sliding window)."""
    crowded: list[set[str]] = []
    start = 0
    for end, scan in enumerate(scans):
        while (scan.scanned_at - scans[start].scanned_at).total_seconds() > seconds:
            start += 1
        ids = {s.id_number for s in scans[start:end + 1]}
        if len(ids) > limit:
            if crowded and crowded[-1] & ids:
                crowded[-1] |= ids
            else:
                crowded.append(ids)
    return crowded
