"""Single-record uploads written together (group commit): a venue's devices upload each swipe as it
happens, dozens at the same moment, and each upload alone would pay a whole transaction — a
connection check, the sessions read, three inserts and a commit — for one row.

While one group is being written, the uploads that arrive wait in the next group; when the
writer is done, the first of them writes the whole group in one transaction through the same
use case as a batch (`uploads.record_uploads`), and each upload gets its own outcome. Alone, an
upload is written at once, so a quiet venue waits no longer than before; under load, a group
costs what one upload cost. If the transaction fails, nothing of it is kept and each upload is
written again alone, failing only as it would have alone: the devices retry, and the nonces make
retries harmless.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.service_layer.scanning import ScanOutcome
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_attendance.service_layer.uploads import Unreadable, Uploader, read_record, record_uploads
from cme_contracts.events import ScanRecordSubmitted


@dataclass
class _Waiting:
    uploader: Uploader
    record: ScanRecordSubmitted | Unreadable
    outcome: asyncio.Future[ScanOutcome] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class UploadGroups:
    """The attendance process's writer of single-record uploads, one group at a time."""

    def __init__(self, uow_factory: Callable[[], AttendanceUnitOfWork], memory: NonceMemory, *, largest: int):
        self._uow_factory = uow_factory
        self._memory = memory
        self._largest = largest
        self._waiting: list[_Waiting] = []
        self._writer = asyncio.Lock()

    async def upload(self, uploader: Uploader, raw: dict[str, Any]) -> dict:
        """One record's outcome, as `uploads.upload` gives it for a batch of one."""
        mine = _Waiting(uploader, read_record(raw))
        self._waiting.append(mine)
        async with self._writer:
            # A loop, not one group: uploads queued ahead of this one whose callers went away were
            # never written by them, so this one may sit beyond the next group.
            while not mine.outcome.done():
                group, self._waiting = self._waiting[:self._largest], self._waiting[self._largest:]
                await self._write(group)
        return {"index": 0, "nonce": raw.get("nonce"), **(await mine.outcome).as_dict()}

    async def _write(self, group: list[_Waiting]) -> None:
        try:
            await self._write_or_split(group)
        finally:
            # Cancelled midway (the writer's own caller went away): the rest are told, never left waiting.
            for waiting in group:
                if not waiting.outcome.done():
                    waiting.outcome.set_exception(RuntimeError("上传写入被中断，请重试"))

    async def _write_or_split(self, group: list[_Waiting]) -> None:
        try:
            outcomes = await self._commit(group)
        except Exception as error:
            if len(group) == 1:
                group[0].outcome.set_exception(error)
                return
            # One record the database refuses (a value longer than its column) would otherwise fail every
            # device uploading at that moment: each upload is tried again alone, so only its own fails. With
            # the database down this costs what uploads cost before they were grouped, a transaction each.
            for waiting in group:
                await self._write_or_split([waiting])
            return
        for waiting, outcome in zip(group, outcomes, strict=True):
            waiting.outcome.set_result(outcome)

    async def _commit(self, group: list[_Waiting]) -> list[ScanOutcome]:
        # Outcomes are handed out only once committed: a transaction that fails leaves nothing to take back.
        async with self._uow_factory() as uow:
            outcomes = await self._record(uow, group)
            await uow.commit()
        return outcomes

    async def _record(self, uow: AttendanceUnitOfWork, group: list[_Waiting]) -> list[ScanOutcome]:
        # One uploader's records share its rights, so each uploader's part goes as one batch.
        parts: dict[Hashable, list[int]] = {}
        for index, waiting in enumerate(group):
            parts.setdefault(waiting.uploader.key, []).append(index)
        outcomes: dict[int, ScanOutcome] = {}
        for indexes in parts.values():
            uploader = group[indexes[0]].uploader
            answers = await record_uploads(uow, self._memory, uploader, [group[i].record for i in indexes])
            outcomes.update(zip(indexes, answers, strict=True))
        return [outcomes[i] for i in range(len(group))]
