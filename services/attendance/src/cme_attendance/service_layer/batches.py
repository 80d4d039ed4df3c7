"""Recording a batch of scans as sets: one statement per table, not a round trip per record.

Swipe devices and organizers' systems upload hundreds of records at once, over HTTP or the
ingest topic, and both go through `record_batch` (by the use case in `uploads`). It validates the whole batch in memory
(with every session it names read once), inserts every candidate with one multi-row
`INSERT … ON CONFLICT DO NOTHING RETURNING` (what comes back is new; what does not hit a key)
and queues their events with one outbox statement. Records that hit a key are told apart with
one nonce query (uploaded before, or a repeat of someone's first scan); only repeats and
refusals are handled one by one. Retried uploads are mostly caught before, by Redis (`known`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime

from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.identity import validate_id_number
from cme_attendance.domain.session import AttendanceSession
from cme_attendance.service_layer.scanning import (
    DUPLICATE_UPLOAD,
    ScanOutcome,
    check_time,
    counted,
    refuse,
    repeat_of_first_scan,
    scan_event,
    scan_row,
)
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_contracts.events import ScanRecordSubmitted
from cme_contracts.events.attendance import ScanMethod

FORBIDDEN = ScanRefused("scan.forbidden_session", "无权为该举办场次上传考勤记录")


async def record_batch(uow: AttendanceUnitOfWork, records: list[ScanRecordSubmitted], method: ScanMethod,
                       now: datetime, *, actor: str, may_upload: Callable[[AttendanceSession], bool],
                       known: Collection[int] = ()) -> list[ScanOutcome]:
    """Record a batch in the order the scans happened; outcomes come back in the order sent.

    `known` are indexes whose nonces are already recorded (remembered in Redis); a record
    for a session the uploader has no right to is refused and kept like any other refusal.
    """
    outcomes: dict[int, ScanOutcome] = {}
    sessions = await uow.sessions.get_many({r.session_id for r in records})
    candidates: list[tuple[int, AttendanceSession, dict]] = []
    taken: set[tuple[str, str, str]] = set()
    for index in sorted(range(len(records)), key=lambda i: _sortable(records[i].scanned_at)):
        record = records[index]
        key = (record.session_id, record.device_id, record.nonce)
        if index in known or key in taken:
            outcomes[index] = DUPLICATE_UPLOAD
            continue
        taken.add(key)  # the same record twice in one batch is one scan
        try:
            session = _session_for(record, sessions, may_upload)
            row = scan_row(session, record, validate_id_number(record.id_number), check_time(session, record, now),
                           method, now)
        except ScanRefused as refusal:
            await refuse(uow, record, method, refusal, now, actor=actor)
            outcomes[index] = ScanOutcome("refused", refusal.code, refusal.message, details=refusal.details)
            continue
        candidates.append((index, session, row))
    inserted = await uow.scans.add_many([row for _, _, row in candidates])
    events, conflicts = [], []
    for index, session, row in candidates:
        if row["scan_id"] in inserted:
            outcomes[index] = ScanOutcome("accepted", scan_id=row["scan_id"])
            events.append(scan_event(session, row))
        else:
            conflicts.append((index, session, row))
    # New records are the common case: the nonces are looked up only for the few that hit a key.
    uploaded = await uow.scans.recorded_nonces(
        [(row["session_id"], row["device_id"], row["nonce"]) for _, _, row in conflicts])
    for index, session, row in conflicts:
        if (row["session_id"], row["device_id"], row["nonce"]) in uploaded:
            outcomes[index] = DUPLICATE_UPLOAD
        else:
            outcomes[index] = await repeat_of_first_scan(uow, session, records[index], row)
    await uow.publish_many(events)
    return [counted(uow, outcomes[i]) for i in range(len(records))]


def _session_for(record: ScanRecordSubmitted, sessions: dict[str, AttendanceSession],
                 may_upload: Callable[[AttendanceSession], bool]) -> AttendanceSession:
    session = sessions.get(record.session_id)
    if session is None:
        raise ScanRefused("scan.unknown_session", "未找到该举办场次", session_id=record.session_id)
    if not may_upload(session):
        raise FORBIDDEN
    return session


def _sortable(moment: datetime) -> datetime:
    # A time without a zone is refused later; here it only must not break the sort.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
