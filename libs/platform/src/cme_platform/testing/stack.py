"""The whole platform as `make dev` starts it (`cme-dev`: infrastructure, every service, the
front door), on free ports, in its own data folder, with its clock set to a chosen moment.

For tests that drive the platform from outside, as people and other systems do.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cme_platform.clock import Clock, offset_to
from cme_platform.devstack.dev_services import stack_ports
from cme_platform.devstack.processes import free_port, free_port_block

READY_TIMEOUT = 240
# What each service of a test's stack may take: late in a suite, with the session's own services
# still running, importing eight processes at once on two cores has taken over a minute.
SERVICE_READY_TIMEOUT = READY_TIMEOUT - 60


@dataclass(frozen=True)
class Stack:
    """A running stack: where its front door is and the clock its services go by."""

    url: str
    clock: Clock
    folder: Path


def _wait_until_ready(process: subprocess.Popen, output: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        text = output.read_text(errors="replace") if output.exists() else ""
        if "ready in" in text:
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"make dev did not become ready; its output:\n{output.read_text(errors='replace')}")


@contextmanager
def dev_stack(folder: Path, starts_at: datetime | None = None) -> Iterator[Stack]:
    """Start `cme-dev` in `folder`; with `starts_at`, every service's clock reads that moment now."""
    folder.mkdir(parents=True, exist_ok=True)
    clock = Clock(offset_to(starts_at) if starts_at else 0.0)
    edge = free_port_block(stack_ports())
    env = dict(os.environ, CME_DEV_DATA_DIR=str(folder / "data"), CME_DEV_EDGE_PORT=str(edge),
               CME_DEV_READY_TIMEOUT_SECONDS=str(SERVICE_READY_TIMEOUT),
               CME_CLOCK_OFFSET_SECONDS=str(clock.offset.total_seconds()),
               **{f"CME_DEV_{name}_PORT": str(free_port()) for name in ("POSTGRES", "REDIS", "KAFKA", "S3")})
    env = {k: v for k, v in env.items() if not k.startswith("CME_INFRA")}
    output = folder / "cme-dev.log"
    with output.open("w") as sink:
        process = subprocess.Popen([str(Path(sys.executable).parent / "cme-dev")], env=env, stdout=sink,
                                   stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(process, output)
        yield Stack(f"http://127.0.0.1:{edge}", clock, folder)
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C does: every service and server stops
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
