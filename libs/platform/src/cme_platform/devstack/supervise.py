"""Bringing back a dev-stack service that died, as an orchestrator would, with backoff.

A service that crashes at once would otherwise be restarted in a tight loop and flood its
log; one that stayed up a while earns a quick restart again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .processes import ManagedProcess

FIRST_DELAY = 1.0
MAX_DELAY = 30.0
# Up this long, a service counts as healthy again and its next restart is quick.
STABLE_SECONDS = 60.0


@dataclass
class Restarter:
    """Watches one process; `tick` restarts it after a delay that doubles while it keeps dying."""

    process: ManagedProcess
    say: Callable[[str], None] = print
    delay: float = FIRST_DELAY
    due: float | None = None
    started: float = field(default_factory=time.monotonic)

    def tick(self, now: float) -> None:
        """Call about once a second from the supervising loop."""
        code = self.process.exit_code()
        if code is None:
            if now - self.started > STABLE_SECONDS:
                self.delay = FIRST_DELAY
            return
        if self.due is None:
            self.due = now + self.delay
            self._tell(f"{self.process.name} exited with code {code}; restarting in {self.delay:.0f}s")
        elif now >= self.due:
            pid = self.process.restart()
            self._tell(f"{self.process.name} restarted (pid {pid})")
            self.started, self.due = now, None
            self.delay = min(self.delay * 2, MAX_DELAY)

    def _tell(self, line: str) -> None:
        # In the service's own log too, where whoever reads why it died will look next.
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with self.process.log_path.open("a") as log:
            log.write(f"{stamp} cme-dev: {line}\n")
        self.say(f"cme-dev: {line}")
