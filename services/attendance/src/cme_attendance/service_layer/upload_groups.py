"""Single-record uploads written together (group commit): a venue's devices upload each swipe as it
happens, dozens at the same moment, and each upload alone would pay a whole transaction — a
connection check, the sessions read, three inserts and a commit — for one row.

While one group is being written, the uploads that arrive wait in the next group; when the
writer is done, the first of them writes the whole group in one transaction through the same
use case as a batch (`uploads.record_uploads`), and each upload gets its own outcome. Alone, an
upload is written at once, so a quiet venue waits no longer than before; under load, a group
costs what one upload cost. If the transaction fails, every upload in it fails as it would have
alone, and nothing of it is kept: the devices retry, and the nonces make retries harmless.
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
            async with self._uow_factory() as uow:
                for waiting, outcome in zip(group, await self._record(uow, group), strict=True):
                    waiting.outcome.set_result(outcome)
                await uow.commit()
        except BaseException as error:
            failure = error if isinstance(error, Exception) else RuntimeError("上传写入被中断，请重试")
            for waiting in group:
                # Outcomes already set are taken back: the transaction that held them is gone.
                waiting.outcome = asyncio.get_running_loop().create_future()
                waiting.outcome.set_exception(failure)
            if failure is not error:
                raise

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
