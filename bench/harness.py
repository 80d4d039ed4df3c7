"""What the outside benchmarks share: wrk runs, the bare-FastAPI ceiling, waiting for a quiet
machine, the one-line report, dev keys and service addresses. Not a benchmark itself (no main)."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer

from cme_contracts import topics
from cme_contracts.identifiers import id_check_digit
from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.processes import free_port

HELLO = (
    "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\nasync def hello():\n    return {'hello': 'world'}\n"
)
# POST bodies from a file, one per line, each thread its own share, sent round-robin.
POST_SCRIPT = textwrap.dedent("""
    local bodies, counter = {}, 0
    function setup(thread) thread:set("id", counter); counter = counter + 1 end
    function init(args)
      local n, threads = 0, tonumber(args[2])
      for line in io.lines(args[1]) do
        if n % threads == id then bodies[#bodies + 1] = line end
        n = n + 1
      end
      wrk.method, wrk.headers["Content-Type"], wrk.headers["Authorization"] = "POST", "application/json", args[3]
    end
    local i = 0
    function request() i = i + 1; return wrk.format(nil, nil, nil, bodies[(i - 1) % #bodies + 1]) end
""")


def person(n: int, region: str = "510104") -> str:
    """A distinct valid ID number for every n."""
    first_17 = f"{region}{date(1960, 1, 1) + timedelta(days=n // 1000):%Y%m%d}{n % 1000:03d}"
    return first_17 + id_check_digit(first_17)


def wrk(url: str, seconds: int, connections: int, body_file: Path | None = None, token: str = "") -> dict:
    """Run wrk (2 threads) against url, GET or, with a body file, POSTs with a bearer token: requests/s,
    p50/p99 latency in ms, non-2xx answers and socket errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if body_file:
        script = Path(tempfile.mkdtemp()) / "post.lua"
        script.write_text(POST_SCRIPT)
        command += ["-s", str(script), url, "--", str(body_file), "2", f"Bearer {token}"]
    else:
        command.append(url)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": percentile("50"), "p99": percentile("99"),
            "errors": int(errors.group(1)) if errors else 0,
            "socket_errors": sum(map(int, sockets.groups())) if sockets else 0}


def hello_ceiling(seconds: int, connections: int) -> dict:
    """Bare FastAPI hello under one uvicorn worker, loaded like the platform."""
    folder = Path(tempfile.mkdtemp())
    (folder / "hello.py").write_text(HELLO)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "hello:app", "--port", str(port), "--log-level",
                               "warning", "--no-access-log"], cwd=folder)
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        return wrk(f"http://127.0.0.1:{port}/", seconds, connections)
    finally:
        server.terminate()
        server.wait()


async def produce_ceiling(bootstrap: str, count: int) -> float:
    """Raw aiokafka produce (acks=all) of records the size of a CheckedIn envelope: messages/s."""
    payload = b"x" * 700
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    began = time.perf_counter()
    pending = [await producer.send(topics.AUDIT + ".bench", payload, key=str(n % 64).encode()) for n in range(count)]
    await asyncio.gather(*pending)
    seconds = time.perf_counter() - began
    await producer.stop()
    return count / seconds


def line(name: str, figure: float, unit: str, ceiling: float, extra: str = "") -> None:
    """The one line of a figure: the figure, its ceiling in the same run and the ratio."""
    print(f"{name:<34} {figure:>10,.0f} {unit:<10} ceiling {ceiling:>10,.0f}   ratio {figure / ceiling:.3f}  {extra}")


def latency(result: dict) -> str:
    """A wrk result's latencies and failures, for the end of its line."""
    errors = f", {result['socket_errors']} socket errors" if result["socket_errors"] else ""
    return f"p50 {result['p50']:.1f} ms p99 {result['p99']:.1f} ms, {result['errors']} non-2xx{errors}"


def busy_share(seconds: float = 1.0) -> float:
    """The machine's CPU in use over `seconds`, 0..1 (from /proc/stat)."""
    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    total, idle = sample()
    time.sleep(seconds)
    total2, idle2 = sample()
    return 1 - (idle2 - idle) / max(1, total2 - total)


def settle(limit: float = 0.25, timeout: float = 60) -> float:
    """Wait until the machine is idle (a stack just started still warms up and would take a core from
    the first measurement); the share it settled at, printed with the figures."""
    deadline = time.monotonic() + timeout
    while (share := busy_share()) > limit and time.monotonic() < deadline:
        pass
    return share


def service_url(front_door: str, name: str) -> str:
    """A service's own address in a stack laid out like `make dev`: the front door's port plus its offset."""
    host, _, port = front_door.rpartition(":")
    return f"{host}:{int(port) + next(s.offset for s in SERVICES if s.name == name)}"


def private_key(pem: str):
    """The dev stack's signing key, to sign tokens as its identity service would."""
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem.encode(), password=None)
