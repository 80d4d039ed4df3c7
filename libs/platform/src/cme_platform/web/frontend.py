"""The runtime of a backend-for-frontend (the portal): an HTTP process that owns no data.

It has no database, broker, outbox or audit chain, so nothing of `Runtime` but the clock, the
closers and readiness; the services it calls are its dependencies, and a page that cannot reach
one says so in Chinese rather than failing, so readiness checks nothing beyond the process.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from cme_platform.clock import Clock
from cme_platform.settings import WebSettings


class FrontendRuntime:
    """What `service_app` starts and stops for a process without data of its own."""

    def __init__(self, settings: WebSettings):
        self.settings = settings
        self.clock = Clock(settings.clock_offset_seconds)
        self.closers: list[Callable[[], Awaitable[None]]] = []

    async def start(self) -> None:
        """Nothing to connect: the services are called per request."""

    async def stop(self) -> None:
        """Close what was opened for the process (its HTTP client)."""
        for close in self.closers:
            await close()

    async def readiness(self) -> dict[str, str]:
        """No checks: the process answering is all it needs to serve pages."""
        return {}
