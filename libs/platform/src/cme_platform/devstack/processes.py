"""Start a server process, wait until it answers, and stop it without leaving orphans.

Every server runs in its own session (process group), so a Ctrl-C in the terminal does not
reach it behind our back, and stopping it can take its children down with it.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import pwd
import random
import signal
import socket
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .endpoints import InfraError
from .probes import wait_until

STOP_TIMEOUT = 10.0

# Started and not yet stopped; the exit hooks stop whatever is still here.
_running: set[ManagedProcess] = set()
_running_lock = threading.Lock()


@dataclass(frozen=True)
class Layout:
    """Where the servers keep their data and logs, and whether that data must survive."""

    root: Path
    persistent: bool

    def data(self, name: str) -> Path:
        """The data directory of server `name` (created on demand)."""
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def log(self, name: str) -> Path:
        """The file that receives server `name`'s stdout and stderr."""
        logs = self.root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        return logs / f"{name}.log"


@dataclass(eq=False)
class ManagedProcess:
    """One server: how to set it up, run it, ask whether it answers, and stop it."""

    name: str
    argv: Sequence[str]
    log_path: Path
    probe: Callable[[], object]
    setup: Callable[[], None] = lambda: None
    user: str | None = None
    stop_signal: signal.Signals = signal.SIGTERM
    env: dict[str, str] | None = None  # None: inherit ours
    popen: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def run(self, timeout: float) -> None:
        """Set up, start and wait until the server answers; InfraError naming it otherwise."""
        try:
            self.setup()
            self._spawn()
            wait_until(self.probe, timeout, exit_code=self.exit_code)
        except Exception as exc:  # every failure becomes one readable line
            raise InfraError(f"{self.name} failed to start: {exc}; log: {self.log_path}") from exc

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Ask the server to stop, kill its whole session after `timeout`, and reap it."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.popen.send_signal(self.stop_signal)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout)
        # Also takes down children that outlived their parent (and a leader that hung).
        _send(os.killpg, self.popen.pid, signal.SIGKILL)
        self.popen.wait()
        with _running_lock:
            _running.discard(self)

    def restart(self) -> int:
        """Start the server again after it died (its leftover children are killed first); its new pid."""
        if self.popen is not None:
            _send(os.killpg, self.popen.pid, signal.SIGKILL)
        return self._spawn().pid

    def exit_code(self) -> int | None:
        """None while the server runs; its exit code once it has died (or was never started: 0)."""
        return 0 if self.popen is None else self.popen.poll()

    def _spawn(self) -> subprocess.Popen[bytes]:
        with self.log_path.open("ab") as log:
            self.popen = popen = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=self.env,
                **run_as(self.user),
            )
        with _running_lock:
            _running.add(self)
        return popen


def run_as(user: str | None) -> dict[str, Any]:
    """subprocess keyword arguments that run a child as OS user `user` (None: as ourselves)."""
    if user is None:
        return {}
    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_block(size: int) -> int:
    """The first of `size` consecutive free ports, for a stack whose services take base + offset.

    Drawn below Linux's ephemeral range (32768–60999): a port the kernel hands to an outgoing
    connection there could be taken between our check and the service's bind.
    """
    for _ in range(200):
        base = random.randrange(20000, 32000 - size)
        if all(_is_free(port) for port in range(base, base + size)):
            return base
    raise RuntimeError(f"no {size} consecutive free ports between 20000 and 32000")


def _is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def package_file(package: str, *parts: str) -> Path:
    """A file shipped inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise InfraError(f"package {package} is not installed")
    return Path(spec.origin).parent.joinpath(*parts)


def running() -> list[ManagedProcess]:
    """The servers started by this Python process and not stopped yet."""
    with _running_lock:
        return list(_running)


_hooks_installed = False


def install_exit_hooks() -> None:
    """Make sure no server outlives this Python process (call from the main thread).

    Normal exit: atexit stops what is still running. SIGTERM: only when nobody else handles
    it (a program with its own handler, like the CLI, unwinds by itself), ask every server
    to stop, then die of SIGTERM as we would have. The handler does not wait for the servers:
    waiting on a Popen inside a signal handler can deadlock, and they exit on their own.
    """
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(_stop_all)
    if threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    ):
        signal.signal(signal.SIGTERM, _on_sigterm)


def _stop_all() -> None:
    for process in running():
        process.stop()


def _on_sigterm(signum: int, frame: object) -> None:
    for process in running():
        assert process.popen is not None
        _send(os.kill, process.popen.pid, process.stop_signal)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _send(kill: Callable[[int, int], None], pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        kill(pid, sig)
