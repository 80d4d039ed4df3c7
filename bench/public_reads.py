"""Benchmark: the two public reads (certificate verify, credit query) through the front door, against a ceiling.

Drives a running stack (its own, started like `make dev`, or yours with --url) over HTTP from
this separate process, as learners' phones and the verify page do, and measures in the same run
what this machine allows: a bare FastAPI "hello" under one uvicorn worker, driven by the same wrk
load (2 threads, --connections, --seconds). Then, with that load, through the edge:

- GET /api/certificates/{number}/verify?token=... — what a certificate's QR code carries;
- GET /api/credits/public?id_number=...           — 公共查询 of an ID number that has a credit.

Setup is all from outside: one remote-education record pushed to POST /api/credits/remote-records
(granted at once, so the credits service holds an approved credit, and its relay publishes the
CreditApproved that the certificates service issues a certificate for), then the learner's
GET /api/certificates/mine for the certificate number and its QR token. Each line prints the
figure, the ceiling, the ratio, p50/p99 and the non-2xx count; the goal (issue 16) is ratio >= 1/3
and p99 < 50 ms. The same reads straight to each service's own port are printed too, to show what
the edge costs. All requests come from one address, so the public limits are raised.

    uv run python bench/public_reads.py                  # a stack of its own, public limits raised
    uv run python bench/public_reads.py --url http://127.0.0.1:8080 --data .var/dev
                                                         # against `make dev` (start it with
                                                         # CME_PUBLIC_QUERY_LIMIT=100000000
                                                         # CME_PUBLIC_QUERY_HOURLY_POINTS=100000000
                                                         # CME_PUBLIC_LOOKUP_LIMIT=100000000)
Needs wrk (Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from cme_contracts.identifiers import id_check_digit
from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.keys import dev_keys
from cme_platform.devstack.processes import free_port
from cme_platform.testing.stack import dev_stack
from cme_platform.testing.tokens import token_for

HELLO = (
    "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\nasync def hello():\n    return {'hello': 'world'}\n"
)
GOAL_RATIO, GOAL_P99_MS = 1 / 3, 50.0
# Every request comes from 127.0.0.1: without these the first few dozen would be answered and the rest 429.
RAISED_LIMITS = {
    "CME_PUBLIC_QUERY_LIMIT": "100000000",                  # public queries per address per minute
    "CME_PUBLIC_QUERY_HOURLY_POINTS": "100000000",          # points per address per hour
    "CME_PUBLIC_QUERY_GLOBAL_MISSES_PER_HOUR": "100000000",  # misses from everyone per hour
    "CME_PUBLIC_LOOKUP_LIMIT": "100000000",                 # certificates: look-ups by number per minute
}


def person(n: int) -> str:
    """A distinct valid ID number for every n."""
    first_17 = f"510104{date(1960, 1, 1) + timedelta(days=n // 1000):%Y%m%d}{n % 1000:03d}"
    return first_17 + id_check_digit(first_17)


def wrk(url: str, seconds: int, connections: int) -> dict:
    """Run wrk (2 threads, GET) against url; requests/s, p50/p99 latency in ms, non-2xx and socket errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rate": rate, "p50": percentile("50"), "p99": percentile("99"),
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


def line(name: str, figure: float, unit: str, ceiling: float, extra: str = "") -> None:
    print(f"{name:<34} {figure:>10,.0f} {unit:<10} ceiling {ceiling:>10,.0f}   ratio {figure / ceiling:.3f}  {extra}")


def report(name: str, result: dict, hello: dict) -> None:
    """One line for a read, and a note when it misses the latency goal or was refused."""
    errors = f", {result['socket_errors']} socket errors" if result["socket_errors"] else ""
    line(name, result["rate"], "req/s", hello["rate"],
         f"p50 {result['p50']:.1f} ms p99 {result['p99']:.1f} ms, {result['errors']} non-2xx{errors}")
    if result["p99"] >= GOAL_P99_MS:
        print(f"  note: p99 {result['p99']:.1f} ms >= the {GOAL_P99_MS:.0f} ms goal")
    if result["errors"]:
        print("  note: non-2xx answers (429: the public limits were not raised; see RAISED_LIMITS)")


async def grant_credit(url: str, key, id_number: str) -> None:
    """One remote-education record, granted at once (POST /api/credits/remote-records)."""
    institution = {"Authorization": "Bearer " + token_for("remote_education", key=key, account_id="bench-remote",
                                                          jurisdiction="sichuan")}
    record = {"id_number": id_number, "name": "压测学员", "project_name": "压测远程项目", "credit_class": "II",
              "credits": 2, "year": date.today().year, "record_id": f"bench-{uuid.uuid4().hex[:12]}"}
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        answer = await client.post("/api/credits/remote-records", json={"records": [record]}, headers=institution)
    answer.raise_for_status()
    if answer.json()["counts"]["accepted"] != 1:
        raise SystemExit(f"the remote record was not granted: {answer.json()}")


async def issued_certificate(url: str, key, id_number: str) -> tuple[str, str]:
    """(certificate number, QR token) of the learner's issued certificate, from GET /api/certificates/mine."""
    learner = {"Authorization": "Bearer " + token_for("learner", key=key, account_id="bench-learner",
                                                      id_number=id_number)}
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        for _ in range(1200):
            answer = await client.get("/api/certificates/mine", headers=learner)
            issued = [c for c in answer.json().get("items", []) if c["state"] == "issued"] if answer.is_success else []
            if issued:
                token = parse_qs(urlsplit(issued[0]["verify_url"]).query)["token"][0]
                return issued[0]["certificate_number"], token
            await asyncio.sleep(0.1)
    raise SystemExit("no certificate was issued for the granted credit within 120 s")


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
    """Wait until the stack is idle (the certificate render process starts up after the first
    issue and would otherwise take a core from the first measurement); the share it settled at."""
    deadline = time.monotonic() + timeout
    while (share := busy_share()) > limit and time.monotonic() < deadline:
        pass
    return share


def check(url: str, expect) -> None:
    """One request before the load: the read answers 200 with what the benchmark means to measure."""
    answer = httpx.get(url, timeout=30)
    if answer.status_code != 200 or not expect(answer.json()):
        raise SystemExit(f"GET {url} answered {answer.status_code}: {answer.text[:300]}")


def service_urls(folder: Path | None) -> dict[str, str]:
    """Each service's own port, as `cme-dev` printed them (for the direct, edge-less figures)."""
    if folder is None:
        return {}
    text = (folder / "cme-dev.log").read_text()
    return {name: found.group(1) for name in ("certificates", "credits")
            if (found := re.search(rf"^\s+{name}\s+(http://\S+)", text, re.M))}


async def setup(url: str, keys: dict) -> tuple[str, str, str]:
    key = _private_key(keys["jwt_private"])
    id_number = person(int(time.time()) % 10_000_000)
    await grant_credit(url, key, id_number)
    number, token = await issued_certificate(url, key, id_number)
    return id_number, number, token


def measure(url: str, keys: dict, args, direct: dict[str, str]) -> None:
    id_number, number, token = asyncio.run(setup(url, keys))
    reads = {
        "certificate verify (QR token)": ("certificates", f"/api/certificates/{number}/verify?token={token}",
                                          lambda body: body["verdict"] == "valid"),
        "public credit query (a hit)": ("credits", f"/api/credits/public?id_number={id_number}",
                                        lambda body: len(body["credits"]) == 1),
    }
    for _, path, expect in reads.values():
        check(url + path, expect)
    idle = settle()
    hello = hello_ceiling(args.seconds, args.connections)
    results = {name: wrk(url + path, args.seconds, args.connections) for name, (_, path, _) in reads.items()}
    straight = {name: wrk(direct[service] + path, args.seconds, args.connections)
                for name, (service, path, _) in reads.items() if service in direct}
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s; certificate {number} (verdict valid), "
          f"ID number {id_number[:6]}...{id_number[-4:]} (1 approved credit)")
    print(f"hello ceiling: {hello['rate']:,.0f} req/s (p50 {hello['p50']:.1f} ms, p99 {hello['p99']:.1f} ms); "
          f"goal: ratio >= {GOAL_RATIO:.3f}, p99 < {GOAL_P99_MS:.0f} ms; CPU busy before: {idle:.0%}")
    for name, result in results.items():
        report(name, result, hello)
    if straight:
        print("the same, straight to the service's own port (no edge):")
        for name, result in straight.items():
            report(f"  {name}", result, hello)


def _private_key(pem: str):
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem.encode(), password=None)


def main() -> None:
    """Parse arguments, reach or start the stack, measure, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running stack's front door; without it the benchmark starts its own")
    parser.add_argument("--data", default=".var/dev", help="the running stack's data folder (its dev keys)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    with ExitStack() as stack:
        folder = None
        if args.url is None:
            os.environ.update(RAISED_LIMITS)
            os.environ["CME_LOG_LEVEL"] = "WARNING"
            running = stack.enter_context(dev_stack(Path(tempfile.mkdtemp())))
            args.url, args.data, folder = running.url, str(running.folder / "data"), running.folder
        keys = dev_keys(Path(args.data) / "keys", [s.name for s in SERVICES])
        measure(args.url, keys, args, service_urls(folder))


if __name__ == "__main__":
    main()
