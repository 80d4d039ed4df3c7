"""Benchmark: scan ingest into a running stack, from outside, against its ceilings in the same run.

Drives a running stack (its own, started like `make dev`, or yours with --url) over HTTP and
Kafka from this separate process, as swipe devices and organizers' systems do, and measures in the same run
what this machine allows: a bare FastAPI "hello" under one uvicorn worker (driven by the same
wrk load) and raw aiokafka produce (acks=all) to the same broker. Each line prints the figure,
the ceiling and the ratio. Every record is a fresh person and nonce.

    uv run python bench/ingest.py                     # a stack of its own, rate limits raised
    uv run python bench/ingest.py --url http://127.0.0.1:8080 --data .var/dev --bootstrap 127.0.0.1:19092
                                                      # against `make dev` (start it with
                                                      # CME_DEVICE_REQUESTS_PER_MINUTE=100000000)
    uv run python bench/ingest.py --broker-memory     # its own stack with the broker in memory (not S3):
                                                      # the platform without the dev broker's storage
Needs wrk (Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from cme_contracts import Envelope, topics
from cme_contracts.events import HoldApplicationApproved
from cme_contracts.events.common import CreditClass, ProjectLevel, SessionDay, TimeWindow
from cme_contracts.identifiers import id_check_digit
from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.keys import dev_keys
from cme_platform.devstack.processes import free_port
from cme_platform.testing.stack import dev_stack
from cme_platform.testing.tokens import token_for

HELLO = (
    "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\nasync def hello():\n    return {'hello': 'world'}\n"
)
WRK_SCRIPT = textwrap.dedent("""
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


def person(n: int) -> str:
    """A distinct valid ID number for every n."""
    first_17 = f"320502{date(1960, 1, 1) + timedelta(days=n // 1000):%Y%m%d}{n % 1000:03d}"
    return first_17 + id_check_digit(first_17)


def scan(session_id: str, start: datetime, n: int) -> dict:
    """The n-th new record: a check-in, or seven hours later the check-out of the one before."""
    direction, moment = ("in", start) if n % 2 == 0 else ("out", start + timedelta(hours=7))
    return {"session_id": session_id, "device_id": f"dev-{n % 8}", "nonce": uuid.uuid4().hex,
            "id_number": person(n // 2), "direction": direction,
            "scanned_at": (moment + timedelta(seconds=(n // 2) % 3600)).isoformat()}


async def open_session(bootstrap: str, url: str, office: str) -> tuple[str, datetime]:
    """An approved session of yesterday, announced on the projects topic as the projects service would."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    window = TimeWindow(opens_at=start - timedelta(hours=1), closes_at=start + timedelta(hours=9))
    event = HoldApplicationApproved(
        application_id=f"bench-{uuid.uuid4().hex[:8]}", session_id=f"bench-{uuid.uuid4().hex[:12]}",
        project_id="bench", project_number="2020480301016 (省)", project_name="压测项目", jurisdiction="sichuan",
        level=ProjectLevel.PROVINCIAL, credit_class=CreditClass.I, credits=5, venue="成都", owner_id="bench-owner",
        unit_id="bench-unit", schedule=[SessionDay(day=(start + timedelta(hours=8)).date(), starts_at=start,
                                                   ends_at=start + timedelta(hours=8))],
        check_in_window=window, check_out_window=window, qr_refresh_seconds=86400, required_hours=6,
        approved_by="bench", approved_at=datetime.now(UTC))
    envelope = Envelope(source="/cme/projects", type=event.type_name(), data=event.model_dump(mode="json"))
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    await producer.send_and_wait(event.topic, envelope.to_bytes(), key=event.partition_key().encode())
    await producer.stop()
    async with httpx.AsyncClient(base_url=url) as client:
        for _ in range(600):
            if (await client.get(f"/api/attendance/sessions/{event.session_id}", headers=office)).status_code == 200:
                return event.session_id, start
            await asyncio.sleep(0.1)
    raise SystemExit("the session never reached attendance")


def wrk(url: str, seconds: int, connections: int, body_file: Path | None = None, token: str = "") -> dict:
    """Run wrk (2 threads) against url; requests/s and p50/p99 latency in ms."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    if body_file:
        command += ["-s", script.name, url, "--", str(body_file), "2", f"Bearer {token}"]
    else:
        command.append(url)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rate": rate,
        "p50": percentile("50"),
        "p99": percentile("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


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


async def batch_ingest(url: str, bootstrap: str, device: str, session_id: str, start: datetime,
                       batches: int, size: int, concurrency: int) -> float:
    """Records/s from the first upload until every accepted record's event is on the topic."""
    consumer = AIOKafkaConsumer(topics.ATTENDANCE, bootstrap_servers=bootstrap, auto_offset_reset="latest",
                                group_id=f"bench-{uuid.uuid4().hex[:8]}")
    await consumer.start()
    while not consumer.assignment():
        await asyncio.sleep(0.1)
    await consumer.seek_to_end()
    bodies = [{"records": [scan(session_id, start, b * size + i) for i in range(size)]} for b in range(batches)]
    queue: asyncio.Queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    accepted = 0

    async def upload(client: httpx.AsyncClient) -> None:
        nonlocal accepted
        while not queue.empty():
            reply = (await client.post("/api/attendance/scan-batches", json=queue.get_nowait(), headers=device))
            reply.raise_for_status()
            accepted += reply.json()["accepted"]

    began = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=300) as client:
        await asyncio.gather(*(upload(client) for _ in range(concurrency)))
    seen = 0
    while seen < accepted:
        for records in (await consumer.getmany(timeout_ms=1000)).values():
            seen += sum(1 for r in records if json.loads(r.value).get("data", {}).get("session_id") == session_id)
    seconds = time.perf_counter() - began
    await consumer.stop()
    return accepted / seconds


def line(name: str, figure: float, unit: str, ceiling: float, extra: str = "") -> None:
    print(f"{name:<34} {figure:>10,.0f} {unit:<10} ceiling {ceiling:>10,.0f}   ratio {figure / ceiling:.3f}  {extra}")


async def measure(url: str, bootstrap: str, keys: dict, args) -> None:
    key = _private_key(keys["jwt_private"])
    device_token = token_for("device", key=key, account_id="bench-device", ttl=timedelta(hours=2))
    office = {"Authorization": "Bearer " + token_for("provincial_office", key=key, jurisdiction="sichuan")}
    session_id, start = await open_session(bootstrap, url, office)
    hello = hello_ceiling(args.seconds, args.connections)
    bodies = Path(tempfile.mkdtemp()) / "records.jsonl"
    bodies.write_text("\n".join(json.dumps(scan(session_id, start, 10_000_000 + n)) for n in range(args.singles)))
    single = wrk(f"{url}/api/attendance/scans", args.seconds, args.connections, bodies, device_token)
    # The same load on the attendance process's own port: what the front door's hop costs.
    direct_bodies = bodies.with_name("direct.jsonl")
    direct_bodies.write_text("\n".join(json.dumps(scan(session_id, start, 20_000_000 + n))
                                       for n in range(args.singles)))
    direct = wrk(f"{service_url(url, 'attendance')}/api/attendance/scans", args.seconds, args.connections,
                 direct_bodies, device_token)
    raw = await produce_ceiling(bootstrap, args.produce)
    ingest = await batch_ingest(url, bootstrap, {"Authorization": f"Bearer {device_token}"}, session_id, start,
                                args.batches, args.batch_size, args.batch_concurrency)
    print(f"hello ceiling: {hello['rate']:,.0f} req/s (p50 {hello['p50']:.1f} ms, p99 {hello['p99']:.1f} ms); "
          f"raw produce ceiling: {raw:,.0f} msgs/s")
    line("single-record upload POST /scans", single["rate"], "req/s", hello["rate"],
         f"p50 {single['p50']:.1f} ms p99 {single['p99']:.1f} ms, {single['errors']} non-2xx")
    line("  the same, service port (no edge)", direct["rate"], "req/s", hello["rate"],
         f"p50 {direct['p50']:.1f} ms p99 {direct['p99']:.1f} ms, {direct['errors']} non-2xx")
    line(f"batch ingest {args.batches}x{args.batch_size}, {args.batch_concurrency} up", ingest, "records/s", raw,
         "HTTP accepted -> event on the topic")


def service_url(front_door: str, name: str) -> str:
    """A service's own address in a stack laid out like `make dev`: the front door's port plus its offset."""
    host, _, port = front_door.rpartition(":")
    return f"{host}:{int(port) + next(s.offset for s in SERVICES if s.name == name)}"


def _private_key(pem: str):
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem.encode(), password=None)


def main() -> None:
    """Parse arguments, reach or start the stack, measure, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running stack's front door; without it the benchmark starts its own")
    parser.add_argument("--data", default=".var/dev", help="the running stack's data folder (its dev keys)")
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--singles", type=int, default=60_000)
    parser.add_argument("--produce", type=int, default=50_000)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--batch-concurrency", type=int, default=4)
    parser.add_argument("--broker-memory", action="store_true",
                        help="own stack only: the broker keeps its data in memory instead of the S3 server "
                             "(CME_DEV_BROKER_STORAGE=memory; for benchmarks, it survives no restart)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    with ExitStack() as stack:
        if args.url is None:
            os.environ["CME_DEVICE_REQUESTS_PER_MINUTE"] = "100000000"
            os.environ["CME_LOG_LEVEL"] = "WARNING"
            if args.broker_memory:
                os.environ["CME_DEV_BROKER_STORAGE"] = "memory"
            running = stack.enter_context(dev_stack(Path(tempfile.mkdtemp())))
            args.url, args.data = running.url, str(running.folder / "data")
            args.bootstrap = _bootstrap_of(running.folder)
        keys = dev_keys(Path(args.data) / "keys", [s.name for s in SERVICES])
        asyncio.run(measure(args.url, args.bootstrap, keys, args))


def _bootstrap_of(folder: Path) -> str:
    """The broker address `cme-dev` printed when it started."""
    return re.search(r"kafka\s+(\S+)", (folder / "cme-dev.log").read_text()).group(1)


if __name__ == "__main__":
    main()
