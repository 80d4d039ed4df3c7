"""Run the four servers as local processes on free loopback ports."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from . import kafka, postgres, redis, s3
from .endpoints import InfraEndpoints, InfraError
from .processes import Layout, ManagedProcess, free_port, install_exit_hooks

START_TIMEOUT = 60.0
TEMP_PREFIX = "cme-infra-"
OWNER_FILE = "owner.pid"
SERVERS = ("postgres", "redis", "s3", "kafka")


@contextmanager
def local_infrastructure(data_dir: Path | None, persistent: bool) -> Iterator[InfraEndpoints]:
    """Start all servers in parallel, yield their endpoints, and stop them all on exit.

    Without `data_dir` the data goes to a temporary directory, removed afterwards unless
    `persistent` or start-up failed (its logs are then what the error points at).
    """
    install_exit_hooks()
    root = _temp_root() if data_dir is None else data_dir
    layout = Layout(root=root.resolve(), persistent=persistent)
    ports = {name: _port(name, persistent) for name in SERVERS}
    processes = _servers(layout, ports)
    started = False
    try:
        # The broker comes last: a persistent one keeps its data in the S3 server.
        _start_all(processes[:-1])
        _start_all(processes[-1:])
        started = True
        yield _endpoints(ports)
    finally:
        _stop_all(processes)
        if data_dir is None and started and not persistent:
            shutil.rmtree(root, ignore_errors=True)


def _servers(layout: Layout, ports: dict[str, int]) -> list[ManagedProcess]:
    return [
        postgres.server(layout, ports["postgres"]),
        redis.server(layout, ports["redis"]),
        s3.server(layout, ports["s3"]),
        kafka.server(layout, ports["kafka"], ports["s3"]),
    ]


def _temp_root() -> Path:
    _sweep_abandoned()
    root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    (root / OWNER_FILE).write_text(str(os.getpid()))
    return root


def _sweep_abandoned() -> None:
    # A process killed by a signal cannot remove its temporary directory; the next one does.
    for root in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not ours, or its owner is still writing the file
        if not _alive(owner):
            shutil.rmtree(root, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    return True


def _port(name: str, persistent: bool) -> int:
    # Fixed ports only for a long-lived dev stack, so tests never collide with it.
    fixed = os.environ.get(f"CME_DEV_{name.upper()}_PORT") if persistent else None
    return int(fixed) if fixed else free_port()


def _endpoints(ports: dict[str, int]) -> InfraEndpoints:
    return InfraEndpoints(
        postgres_url=postgres.url(ports["postgres"]),
        redis_url=redis.url(ports["redis"]),
        kafka_bootstrap=kafka.bootstrap(ports["kafka"]),
        s3_endpoint=s3.endpoint(ports["s3"]),
        s3_access_key=s3.ACCESS_KEY,
        s3_secret_key=s3.SECRET_KEY,
    )


def _start_all(processes: list[ManagedProcess]) -> None:
    # In parallel: start-up is then as slow as the slowest server, not the sum of all.
    with ThreadPoolExecutor(len(processes)) as pool:
        futures = [pool.submit(process.run, START_TIMEOUT) for process in processes]
    errors = [str(future.exception()) for future in futures if future.exception() is not None]
    if errors:
        raise InfraError("; ".join(errors))


def _stop_all(processes: list[ManagedProcess]) -> None:
    with ThreadPoolExecutor(len(processes)) as pool:
        list(pool.map(lambda process: process.stop(), processes))
