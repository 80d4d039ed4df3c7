"""Recording scans: each real scan becomes exactly one CheckedIn/CheckedOut, or a kept refusal.

Devices upload late, out of order and more than once. A scan is identified by its device
and nonce, so a retried upload finds its scan recorded and is reported as a duplicate; a
batch is taken in the order the scans happened, so a check-out listed before its check-in
is not mistaken for a check-out without one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.identity import validate_id_number
from cme_attendance.domain.qr import check_window
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import AttendanceSession, ScanStatus
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_contracts.events import CheckedIn, CheckedOut, ScanRecordSubmitted
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction
from cme_platform import metrics

# Device clocks drift; a scan dated a little ahead of the server is still believed.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class ScanOutcome:
    """What became of one scan: accepted, duplicate (with why) or refused (with why)."""

    status: str
    code: str | None = None
    message: str | None = None
    scan_id: str | None = None
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The JSON shape reported to devices and pages."""
        return {"status": self.status, "code": self.code, "message": self.message, "scan_id": self.scan_id,
                "details": self.details}


# A repeated scan is kept. Whether it changes the person's attended time depends on its time:
# the earliest check-in and the latest check-out of a day count, so the answer says which one does.
DUPLICATE_UPLOAD = ScanOutcome("duplicate", "scan.duplicate_upload", "该记录已上传过（重复上传）")

_REPEAT = {
    Direction.IN: ("scan.already_checked_in", "已记录：当天已有更早的签到（{counted}），签到时间仍按那一条计算"),
    Direction.OUT: ("scan.already_checked_out", "已记录：当天已有更晚的签退（{counted}），签退时间仍按那一条计算"),
}
_REPLACES = {
    Direction.IN: ("scan.earlier_check_in", "已记录：比此前的签到更早，签到时间改按本条（{counted}）计算"),
    Direction.OUT: ("scan.later_check_out", "已记录：比此前的签退更晚，签退时间改按本条（{counted}）计算"),
}


async def record_scan(uow: AttendanceUnitOfWork, record: ScanRecordSubmitted, method: ScanMethod, now: datetime, *,
                      actor: str | None = None, require_check_in: bool = False) -> ScanOutcome:
    """Accept, recognise as duplicate, or refuse (and keep) one scan, in the caller's unit of work."""
    if await uow.scans.nonce_seen(record.session_id, record.device_id, record.nonce):
        return counted(uow, DUPLICATE_UPLOAD)
    session = await uow.sessions.get(record.session_id)
    return counted(uow, await _record(uow, session, record, method, now, actor=actor,
                                      require_check_in=require_check_in))


def counted(uow: AttendanceUnitOfWork, outcome: ScanOutcome) -> ScanOutcome:
    """Count an accepted or duplicate scan on /metrics once the unit commits; returns it.

    Refusals are counted where every one of them passes: `refuse` and `refuse_malformed`.
    """
    if outcome.status != "refused":
        _count(uow, outcome.status, outcome.code)
    return outcome


def _count(uow: AttendanceUnitOfWork, status: str, code: str | None) -> None:
    uow.after_commit(lambda: metrics.scans.labels(status, code or "").inc())


async def _record(uow: AttendanceUnitOfWork, session: AttendanceSession | None, record: ScanRecordSubmitted,
                  method: ScanMethod, now: datetime, *, actor: str | None, require_check_in: bool = False
                  ) -> ScanOutcome:
    try:
        if session is None:
            raise ScanRefused("scan.unknown_session", "未找到该举办场次", session_id=record.session_id)
        id_number = validate_id_number(record.id_number)
        day = check_time(session, record, now)
        if require_check_in and record.direction is Direction.OUT and not await uow.scans.has_scan(
                session.session_id, id_number, day, Direction.IN):
            raise ScanRefused("scan.check_out_without_check_in",
                              "没有您今天的签到记录，不能签退：请先扫描签到二维码完成签到")
    except ScanRefused as refusal:
        await refuse(uow, record, method, refusal, now, actor=actor)
        return ScanOutcome("refused", refusal.code, refusal.message, details=refusal.details)
    return await _accept(uow, session, record, id_number, day, method, now)


def check_time(session: AttendanceSession, record: ScanRecordSubmitted, now: datetime):
    tz = rule_set(session.jurisdiction).timezone
    if record.scanned_at.tzinfo is None:
        raise ScanRefused("scan.time_without_zone", "扫码时间缺少时区（例如 +08:00）",
                          scanned_at=record.scanned_at.isoformat())
    if record.scanned_at > now + CLOCK_SKEW:
        raise ScanRefused("scan.time_in_future", "扫码时间晚于当前时间，请检查设备时钟",
                          scanned_at=record.scanned_at.isoformat())
    check_window(session.window(record.direction), record.direction, record.scanned_at, tz)
    return session.day_of(record.scanned_at)


async def _accept(uow: AttendanceUnitOfWork, session: AttendanceSession, record: ScanRecordSubmitted, id_number: str,
                  day, method: ScanMethod, now: datetime) -> ScanOutcome:
    row = scan_row(session, record, id_number, day, method, now)
    if await uow.scans.add(row):
        await uow.publish(scan_event(session, row))
        return ScanOutcome("accepted", scan_id=row["scan_id"])
    if await uow.scans.nonce_seen(session.session_id, record.device_id, record.nonce):
        return DUPLICATE_UPLOAD  # raced in from a concurrent upload
    return await repeat_of_first_scan(uow, session, record, row)


def scan_row(session: AttendanceSession, record: ScanRecordSubmitted, id_number: str, day, method: ScanMethod,
             now: datetime) -> dict:
    """The row of a scan that passed every check, as the first of its person, day and direction."""
    return dict(scan_id=str(uuid.uuid4()), session_id=session.session_id, id_number=id_number, name=record.name,
                direction=record.direction.value, method=method.value, device_id=record.device_id,
                nonce=record.nonce, day=day, status=ScanStatus.ACCEPTED.value, scanned_at=record.scanned_at,
                received_at=now)


def scan_event(session: AttendanceSession, row: dict) -> CheckedIn | CheckedOut:
    """CheckedIn or CheckedOut for a scan inserted as the first of its person, day and direction."""
    event_class = CheckedIn if row["direction"] == Direction.IN.value else CheckedOut
    return event_class(
        scan_id=row["scan_id"], session_id=session.session_id, project_number=session.project_number,
        id_number=row["id_number"], name=row["name"], scanned_at=row["scanned_at"], received_at=row["received_at"],
        method=ScanMethod(row["method"]), device_id=row["device_id"])


async def repeat_of_first_scan(uow: AttendanceUnitOfWork, session: AttendanceSession, record: ScanRecordSubmitted,
                               row: dict) -> ScanOutcome:
    """Keep a repeat of the person's first scan of the day and direction, and say whether it now counts."""
    await uow.scans.add(row | {"status": ScanStatus.REPEAT.value})
    counted = await uow.scans.counted_time(session.session_id, row["id_number"], row["day"],
                                            record.direction)
    replaces = counted == record.scanned_at
    code, message = (_REPLACES if replaces else _REPEAT)[record.direction]
    shown = counted.astimezone(rule_set(session.jurisdiction).timezone).strftime("%H:%M")
    return ScanOutcome("accepted" if replaces else "duplicate", code, message.format(counted=shown),
                       scan_id=row["scan_id"], details={"counted_at": counted.isoformat()})


async def refuse(uow: AttendanceUnitOfWork, record: ScanRecordSubmitted | None, method: ScanMethod,
                 refusal: ScanRefused, now: datetime, *, actor: str | None = None, session_id: str | None = None,
                 device_id: str = "unknown") -> None:
    """Keep a refused scan with its reason and tell the audit stream."""
    _count(uow, "refused", refusal.code)
    session_id = record.session_id if record else session_id
    kept = await uow.refusals.add(dict(
        refusal_id=str(uuid.uuid4()), session_id=session_id, id_number=record.id_number[:40] if record else None,
        direction=record.direction.value if record else None, method=method.value,
        device_id=record.device_id if record else device_id, nonce=record.nonce if record else str(uuid.uuid4()),
        scanned_at=record.scanned_at if record else now, received_at=now, code=refusal.code,
        message=refusal.message, details=refusal.details,
    ))
    if not kept:
        return  # a re-sent refused record: logged and audited the first time
    await uow.audit("scan.refused", subject=session_id or "unknown", actor=actor,
                    details={"code": refusal.code, "message": refusal.message, **refusal.details})


async def refuse_malformed(uow: AttendanceUnitOfWork, raw: dict, problems: list[str], now: datetime, *,
                           actor: str) -> ScanOutcome:
    """Keep a record that could not be read at all (a missing field, a bad time), with what is wrong."""
    def text(name: str, limit: int) -> str | None:
        value = raw.get(name)
        return str(value)[:limit] if value not in (None, "") else None

    refusal = ScanRefused("scan.malformed_record", f"记录格式有误：{'、'.join(problems)}", problems=problems)
    kept = await uow.refusals.add(dict(
        refusal_id=str(uuid.uuid4()), session_id=text("session_id", 64), id_number=text("id_number", 40),
        direction=raw.get("direction") if raw.get("direction") in ("in", "out") else None,
        method=ScanMethod.ID_CARD.value, device_id=text("device_id", 128) or "unknown",
        nonce=text("nonce", 128) or str(uuid.uuid4()), scanned_at=None, received_at=now, code=refusal.code,
        message=refusal.message, details={"problems": problems, "record": raw},
    ))
    if kept:
        await uow.audit("scan.refused", subject=text("session_id", 64) or "unknown", actor=actor,
                        details={"code": refusal.code, "problems": problems})
    _count(uow, "refused", refusal.code)
    return ScanOutcome("refused", refusal.code, refusal.message, details=refusal.details)
