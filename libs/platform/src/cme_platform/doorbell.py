"""Waking the loops that carry committed rows onward, so that they need not poll fast.

The outbox relay, the audit sealer and relay, and services' own workers (the certificate
issuer) poll the database for rows to work on. Polling every 0.2 s, seven idle services
kept half a core busy. Now every unit of work that commits rings its process's doorbell,
which wakes them at once; between rings they back off to a slow poll,
which still finds rows committed by other processes (a replica without workers, a CLI).
"""

from __future__ import annotations

import asyncio


class Doorbell:
    """One per process: `ring` after a commit wakes every loop that listens."""

    def __init__(self) -> None:
        self._listeners: list[asyncio.Event] = []

    def listen(self) -> asyncio.Event:
        """An event this doorbell sets on every ring (the listener clears it)."""
        event = asyncio.Event()
        self._listeners.append(event)
        return event

    def ring(self) -> None:
        for event in self._listeners:
            event.set()


class IdlePause:
    """How long a polling loop waits: `busy` seconds after it found work, doubling up to `idle`
    while it finds none. A ring of the doorbell (or a stop, which sets `wake`) ends the wait."""

    def __init__(self, busy: float, idle: float, doorbell: Doorbell | None = None):
        self._busy = busy
        self._idle = max(idle, busy)
        self._pause = busy
        self.wake = doorbell.listen() if doorbell else asyncio.Event()

    async def wait(self, found_work: bool, at_least: float = 0.0) -> None:
        self._pause = self._busy if found_work else min(self._pause * 2, self._idle)
        try:
            await asyncio.wait_for(self.wake.wait(), max(self._pause, at_least))
        except TimeoutError:
            pass
        self.wake.clear()
