"""Every upload waiting for the writer is answered, even when others that queued before it went away."""

from __future__ import annotations

import asyncio

from cme_attendance.service_layer.upload_groups import UploadGroups
from cme_attendance.service_layer.uploads import Uploader


class Answering(UploadGroups):
    """Writes nothing: answers each upload of a group once `gate` opens, as a slow transaction would."""

    def __init__(self, largest: int):
        super().__init__(lambda: None, None, largest=largest)  # type: ignore[arg-type]
        self.gate = asyncio.Event()
        self.groups: list[int] = []

    async def _write(self, group):
        self.groups.append(len(group))
        await self.gate.wait()
        for waiting in group:
            waiting.outcome.set_exception(LookupError(waiting.record.raw["nonce"]))


async def test_an_upload_behind_ones_that_went_away_is_still_written_and_answered():
    groups = Answering(largest=1)
    device = Uploader("device-1", lambda session: True, "device-1")
    first = asyncio.create_task(groups.upload(device, {"nonce": "first"}))
    await asyncio.sleep(0)  # the first holds the writer
    gone = [asyncio.create_task(groups.upload(device, {"nonce": f"gone-{n}"})) for n in range(2)]
    last = asyncio.create_task(groups.upload(device, {"nonce": "last"}))
    await asyncio.sleep(0)
    for task in gone:
        task.cancel()  # their devices hung up while waiting for the writer
    groups.gate.set()

    done, _ = await asyncio.wait([first, last], timeout=2)

    assert last in done, "the last upload was left waiting for ever"
    assert last.exception().args == ("last",) and first.exception().args == ("first",), "each its own answer"
