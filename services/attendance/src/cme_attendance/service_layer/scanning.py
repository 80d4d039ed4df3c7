"""Recording scans: each real scan becomes exactly one CheckedIn/CheckedOut, or a kept refusal.

Devices upload late, out of order and more than once. A scan is identified by its device
and nonce, so a retried upload finds its scan recorded and is reported as a duplicate; a
batch is taken in the order the scans happened, so a check-out listed before its check-in
is not mistaken for a check-out without one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cme_contracts.events import CheckedIn, CheckedOut, ScanRecordSubmitted
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction
from cme_platform import metrics
from cme_platform.db import UnitOfWork
from cme_attendance.adapters import repository
from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.identity import validate_id_number
from cme_attendance.domain.qr import check_window
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import AttendanceSession, ScanStatus

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


_REPEAT = {
    Direction.IN: ("scan.already_checked_in", "您今天已签到，无需重复签到"),
    Direction.OUT: ("scan.already_checked_out", "您今天已签退，无需重复签退"),
}


async def record_scan(uow: UnitOfWork, record: ScanRecordSubmitted, method: ScanMethod, now: datetime, *,
                      actor: str | None = None, require_check_in: bool = False) -> ScanOutcome:
    """Accept, recognise as duplicate, or refuse (and keep) one scan, in the caller's unit of work."""
    if await repository.nonce_seen(uow.session, record.session_id, record.device_id, record.nonce):
        return counted(uow, ScanOutcome("duplicate", "scan.duplicate_upload", "该记录已上传过（重复上传）"))
    session = await repository.get_session(uow.session, record.session_id)
    return counted(uow, await _record(uow, session, record, method, now, actor=actor,
                                      require_check_in=require_check_in))


def counted(uow: UnitOfWork, outcome: ScanOutcome) -> ScanOutcome:
    """Count an accepted or duplicate scan on /metrics once the unit commits; returns it.

    Refusals are counted where every one of them passes: `refuse` and `refuse_malformed`.
    """
    if outcome.status != "refused":
        _count(uow, outcome.status, outcome.code)
    return outcome


def _count(uow: UnitOfWork, status: str, code: str | None) -> None:
    uow.after_commit(lambda: metrics.scans.labels(status, code or "").inc())


async def _record(uow: UnitOfWork, session: AttendanceSession | None, record: ScanRecordSubmitted,
                  method: ScanMethod, now: datetime, *, actor: str | None, require_check_in: bool = False
                  ) -> ScanOutcome:
    try:
        if session is None:
            raise ScanRefused("scan.unknown_session", "未找到该举办场次", session_id=record.session_id)
        id_number = validate_id_number(record.id_number)
        day = _check_time(session, record, now)
        if require_check_in and record.direction is Direction.OUT and not await repository.has_scan(
                uow.session, session.session_id, id_number, day, Direction.IN):
            raise ScanRefused("scan.check_out_without_check_in", "没有您今天的签到记录，不能签退：请先扫描签到二维码完成签到")
    except ScanRefused as refusal:
        await refuse(uow, record, method, refusal, now, actor=actor)
        return ScanOutcome("refused", refusal.code, refusal.message, details=refusal.details)
    return await _accept(uow, session, record, id_number, day, method, now)


def _check_time(session: AttendanceSession, record: ScanRecordSubmitted, now: datetime):
    tz = rule_set(session.jurisdiction).timezone
    if record.scanned_at.tzinfo is None:
        raise ScanRefused("scan.time_without_zone", "扫码时间缺少时区（例如 +08:00）", scanned_at=record.scanned_at.isoformat())
    if record.scanned_at > now + CLOCK_SKEW:
        raise ScanRefused("scan.time_in_future", "扫码时间晚于当前时间，请检查设备时钟",
                          scanned_at=record.scanned_at.isoformat())
    check_window(session.window(record.direction), record.direction, record.scanned_at, tz)
    return session.day_of(record.scanned_at, tz)


async def _accept(uow: UnitOfWork, session: AttendanceSession, record: ScanRecordSubmitted, id_number: str, day,
                  method: ScanMethod, now: datetime) -> ScanOutcome:
    scan_id = str(uuid.uuid4())
    row = dict(scan_id=scan_id, session_id=session.session_id, id_number=id_number, name=record.name,
               direction=record.direction.value, method=method.value, device_id=record.device_id,
               nonce=record.nonce, day=day, status=ScanStatus.ACCEPTED.value, scanned_at=record.scanned_at,
               received_at=now)
    if await repository.insert_scan(uow.session, row):
        event_class = CheckedIn if record.direction is Direction.IN else CheckedOut
        await uow.publish(event_class(
            scan_id=scan_id, session_id=session.session_id, project_number=session.project_number,
            id_number=id_number, name=record.name, scanned_at=record.scanned_at, received_at=now, method=method,
            device_id=record.device_id,
        ))
        return ScanOutcome("accepted", scan_id=scan_id)
    # Either this nonce raced in from a concurrent upload, or the person already has the first scan.
    if await repository.nonce_seen(uow.session, session.session_id, record.device_id, record.nonce):
        return ScanOutcome("duplicate", "scan.duplicate_upload", "该记录已上传过（重复上传）")
    await repository.insert_scan(uow.session, row | {"status": ScanStatus.REPEAT.value})
    code, message = _REPEAT[record.direction]
    return ScanOutcome("duplicate", code, message, scan_id=scan_id)


async def refuse(uow: UnitOfWork, record: ScanRecordSubmitted | None, method: ScanMethod, refusal: ScanRefused,
                 now: datetime, *, actor: str | None = None, session_id: str | None = None,
                 device_id: str = "unknown") -> None:
    """Keep a refused scan with its reason and tell the audit stream."""
    _count(uow, "refused", refusal.code)
    session_id = record.session_id if record else session_id
    kept = await repository.add_refusal(uow.session, dict(
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


async def refuse_malformed(uow: UnitOfWork, raw: dict, problems: list[str], now: datetime, *, actor: str) -> ScanOutcome:
    """Keep a record that could not be read at all (a missing field, a bad time), with what is wrong."""
    def text(name: str, limit: int) -> str | None:
        value = raw.get(name)
        return str(value)[:limit] if value not in (None, "") else None

    refusal = ScanRefused("scan.malformed_record", f"记录格式有误：{'、'.join(problems)}", problems=problems)
    kept = await repository.add_refusal(uow.session, dict(
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


async def record_batch(uow: UnitOfWork, records: list[ScanRecordSubmitted], method: ScanMethod, now: datetime, *,
                       actor: str, may_upload: Callable[[AttendanceSession], bool],
                       known: Collection[int] = ()) -> list[ScanOutcome]:
    """Record a batch in the order the scans happened; outcomes come back in the order sent.

    `known` are indexes whose nonces are already recorded (remembered in Redis); a record
    for a session the uploader has no right to is refused and kept like any other refusal.
    """
    outcomes: dict[int, ScanOutcome] = {}
    sessions: dict[str, AttendanceSession | None] = {}
    recorded = await repository.recorded_nonces(
        uow.session, [(r.session_id, r.device_id, r.nonce) for i, r in enumerate(records) if i not in known])
    for index in sorted(range(len(records)), key=lambda i: _sortable(records[i].scanned_at)):
        record = records[index]
        key = (record.session_id, record.device_id, record.nonce)
        if index in known or key in recorded:
            outcomes[index] = ScanOutcome("duplicate", "scan.duplicate_upload", "该记录已上传过（重复上传）")
            continue
        if record.session_id not in sessions:
            sessions[record.session_id] = await repository.get_session(uow.session, record.session_id)
        session = sessions[record.session_id]
        if session is not None and not may_upload(session):
            refusal = ScanRefused("scan.forbidden_session", "无权为该举办场次上传考勤记录")
            await refuse(uow, record, method, refusal, now, actor=actor)
            outcomes[index] = ScanOutcome("refused", refusal.code, refusal.message)
            continue
        outcomes[index] = await _record(uow, session, record, method, now, actor=actor)
        recorded.add(key)  # the same record twice in one batch is one scan
    return [counted(uow, outcomes[i]) for i in range(len(records))]


def _sortable(moment: datetime) -> datetime:
    # A time without a zone is refused later; here it only must not break the sort.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def on_scan_record_submitted(event: ScanRecordSubmitted, uow: UnitOfWork) -> None:
    """A scan produced to the ingest topic by a device or an organizer's system."""
    await record_scan(uow, event, ScanMethod.ID_CARD, datetime.now(UTC), actor=event.device_id)
