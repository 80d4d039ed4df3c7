"""The dev/test infrastructure's life: a failed start, SIGTERM, `cme-infra up` keeping data across runs."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import psutil
import pytest

from cme_platform.devstack import InfraEndpoints, InfraError, ensure_database, infrastructure, local, processes
from cme_platform.devstack.endpoints import ENV_VARS


def test_failed_start_names_server_and_log_and_stops_the_rest(tmp_path: Path, monkeypatch) -> None:
    with socket.socket() as taken:
        # Bound but not listening: redis-server cannot bind the port, and nothing answers on it.
        taken.bind(("127.0.0.1", 0))
        monkeypatch.setenv("CME_DEV_REDIS_PORT", str(taken.getsockname()[1]))
        before = set(processes.running())
        with pytest.raises(InfraError) as failure, infrastructure(tmp_path, persistent=True):
            pass
    log = tmp_path / "logs" / "redis.log"
    expected = f"redis failed to start: exited with code 1 while starting; log: {log}"
    assert str(failure.value) == expected
    assert "Address already in use" in log.read_text()
    assert set(processes.running()) == before


def test_sigterm_leaves_no_servers_behind_and_the_next_run_sweeps_its_data() -> None:
    script = (
        "import json, time\n"
        "from cme_platform.devstack import infrastructure, processes\n"
        "with infrastructure():\n"
        "    servers = processes.running()\n"
        "    print(str(servers[0].log_path.parent.parent), flush=True)\n"
        "    print(json.dumps([p.popen.pid for p in servers]), flush=True)\n"
        "    time.sleep(120)\n"
    )
    argv = [sys.executable, "-c", script]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=_clean_env())
    data_dir = Path(child.stdout.readline().strip())
    pids = json.loads(child.stdout.readline())
    assert len(pids) == 4
    child.send_signal(signal.SIGTERM)
    assert child.wait(30) == -signal.SIGTERM
    _assert_gone(pids)
    assert data_dir.exists()
    local._sweep_abandoned()
    assert not data_dir.exists()


def test_cli_up_keeps_postgres_data_across_runs(tmp_path: Path) -> None:
    name = f"kept_{uuid.uuid4().hex[:10]}"
    with _cli_up(tmp_path / "dev") as first:
        asyncio.run(ensure_database(first, name))
    with _cli_up(tmp_path / "dev") as second:
        assert asyncio.run(_database_exists(second, name))


@contextmanager
def _cli_up(data_dir: Path) -> Iterator[InfraEndpoints]:
    """Run `cme-infra up` until it prints its endpoints; stop it with SIGTERM afterwards."""
    cli = [str(Path(sys.executable).parent / "cme-infra"), "up", "--data-dir", str(data_dir)]
    child = subprocess.Popen(cli, stdout=subprocess.PIPE, text=True, env=_clean_env())
    try:
        lines = [child.stdout.readline() for _ in range(len(ENV_VARS))]
        exports = dict(line.removeprefix("export ").strip().split("=", 1) for line in lines)
        endpoints = InfraEndpoints.from_env(exports)
        assert endpoints is not None
        yield endpoints
    finally:
        child.send_signal(signal.SIGTERM)
        assert child.wait(30) == 0


async def _database_exists(endpoints: InfraEndpoints, name: str) -> bool:
    conn = await asyncpg.connect(endpoints.postgres_url)
    try:
        return bool(await conn.fetchval("select 1 from pg_database where datname = $1", name))
    finally:
        await conn.close()


def _clean_env() -> dict[str, str]:
    """Our environment without variables that would point a child at other services."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("CME_INFRA", "CME_DEV_"))}


def _assert_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 15
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in pids if _alive(pid)]
        time.sleep(0.1)
    assert alive == []


def _alive(pid: int) -> bool:
    # A server reparented to an init that does not reap leaves a zombie: that counts as gone.
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
