"""刷卡记录上传: one use case for scan records however they arrive — an HTTP upload by a device or
the session's owner, or a run of records from the ingest topic.

Both apply the same checks in the same order: the batch limit, the uploader's right to each
session, the nonce memory in Redis (a retried upload is answered without PostgreSQL), then the
set-based write of `record_batch`. A record that cannot be read at all is refused and kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.domain.access import may_upload
from cme_attendance.domain.session import AttendanceSession
from cme_attendance.service_layer.batches import record_batch
from cme_attendance.service_layer.scanning import refuse_malformed
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_contracts.events import ScanRecordSubmitted
from cme_contracts.events.attendance import ScanMethod
from cme_platform.auth import Principal
from cme_platform.errors import DomainError


@dataclass(frozen=True)
class Uploader:
    """Who sends the records (the actor the failed-scan log names) and which sessions it may record for."""

    actor: str
    may_record_for: Callable[[AttendanceSession], bool]
    key: Hashable
    """Equal for uploaders with the same rights, whose records may go in one batch."""

    @classmethod
    def signed_in(cls, principal: Principal) -> Uploader:
        """A device or a session's owner, by its token: only the sessions its role and unit allow."""
        return cls(principal.account_id, lambda session: may_upload(principal, session), principal)

    @classmethod
    def ingest_producer(cls, device_id: str) -> Uploader:
        """A producer on the ingest topic: the broker's ACLs decided who may produce, so every session."""
        return cls(device_id, lambda session: True, ("ingest", device_id))


@dataclass(frozen=True)
class Unreadable:
    """A record that could not be read (a missing field, a bad time), with what is wrong in each field."""

    raw: dict[str, Any]
    problems: list[str]


def read_record(raw: dict[str, Any]) -> ScanRecordSubmitted | Unreadable:
    """The record, or the problems of each field that could not be read."""
    try:
        return ScanRecordSubmitted.model_validate(raw)
    except ValidationError as error:
        return Unreadable(raw, [f"{'.'.join(str(p) for p in e['loc'])}（{e['msg']}）" for e in error.errors()])


async def upload(uow: AttendanceUnitOfWork, memory: NonceMemory, uploader: Uploader, raws: list[dict[str, Any]], *,
                 limit: int) -> list[dict]:
    """An HTTP upload in one transaction: each record's outcome, in the order sent."""
    if len(raws) > limit:
        raise DomainError("scan.batch_too_large", f"每批最多上传 {limit} 条记录", limit=limit)
    async with uow:
        outcomes = await record_uploads(uow, memory, uploader, [read_record(raw) for raw in raws])
        await uow.commit()
    return [{"index": i, "nonce": raws[i].get("nonce"), **outcome.as_dict()} for i, outcome in enumerate(outcomes)]


async def record_uploads(uow: AttendanceUnitOfWork, memory: NonceMemory, uploader: Uploader,
                         read: Sequence[ScanRecordSubmitted | Unreadable]) -> list:
    """Inside an open unit of work: record what was read, refuse what was not; the new nonces are
    remembered once the unit commits (PostgreSQL's key stays the authority)."""
    valid = [i for i, r in enumerate(read) if isinstance(r, ScanRecordSubmitted)]
    records = [r for r in read if isinstance(r, ScanRecordSubmitted)]  # in the order of `valid`
    keys = [(r.session_id, r.device_id, r.nonce) for r in records]
    known = {n for n, seen in enumerate(await memory.seen(keys)) if seen}
    now = uow.clock.now()
    outcomes = dict(zip(valid, await record_batch(uow, records, ScanMethod.ID_CARD, now, actor=uploader.actor,
                                                  may_upload=uploader.may_record_for, known=known), strict=True))
    for index, item in enumerate(read):
        if isinstance(item, Unreadable):
            outcomes[index] = await refuse_malformed(uow, item.raw, item.problems, now, actor=uploader.actor)
    new = [keys[n] for n, i in enumerate(valid) if outcomes[i].status != "refused" and n not in known]
    uow.after_commit(lambda: memory.remember(new))
    return [outcomes[i] for i in range(len(read))]


def ingest(memory: NonceMemory) -> Callable[[list[ScanRecordSubmitted], AttendanceUnitOfWork], Awaitable[None]]:
    """The handler of the ingest topic: a fetched run of records, once per device, by the same use case."""
    async def on_scan_records_submitted(events: list[ScanRecordSubmitted], uow: AttendanceUnitOfWork) -> None:
        by_device: dict[str, list[ScanRecordSubmitted]] = {}
        for event in events:
            by_device.setdefault(event.device_id, []).append(event)
        for device_id, records in by_device.items():
            await record_uploads(uow, memory, Uploader.ingest_producer(device_id), records)
    return on_scan_records_submitted
