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
import shutil
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from harness import hello_ceiling, latency, line, person, private_key, service_url, settle, wrk

from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.keys import dev_keys
from cme_platform.testing.stack import dev_stack
from cme_platform.testing.tokens import token_for

GOAL_RATIO, GOAL_P99_MS = 1 / 3, 50.0
# Every request comes from 127.0.0.1: without these the first few dozen would be answered and the rest 429.
RAISED_LIMITS = {
    "CME_PUBLIC_QUERY_LIMIT": "100000000",                  # public queries per address per minute
    "CME_PUBLIC_QUERY_HOURLY_POINTS": "100000000",          # points per address per hour
    "CME_PUBLIC_QUERY_GLOBAL_MISSES_PER_HOUR": "100000000",  # misses from everyone per hour
    "CME_PUBLIC_LOOKUP_LIMIT": "100000000",                 # certificates: look-ups by number per minute
}


def report(name: str, result: dict, hello: dict) -> None:
    """One line for a read, and a note when it misses the latency goal or was refused."""
    line(name, result["rate"], "req/s", hello["rate"], latency(result))
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


def check(url: str, expect) -> None:
    """One request before the load: the read answers 200 with what the benchmark means to measure."""
    answer = httpx.get(url, timeout=30)
    if answer.status_code != 200 or not expect(answer.json()):
        raise SystemExit(f"GET {url} answered {answer.status_code}: {answer.text[:300]}")


async def setup(url: str, keys: dict) -> tuple[str, str, str]:
    key = private_key(keys["jwt_private"])
    id_number = person(int(time.time()) % 10_000_000)
    await grant_credit(url, key, id_number)
    number, token = await issued_certificate(url, key, id_number)
    return id_number, number, token


def measure(url: str, keys: dict, args) -> None:
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
    straight = {name: wrk(service_url(url, service) + path, args.seconds, args.connections)
                for name, (service, path, _) in reads.items()}
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
        if args.url is None:
            os.environ.update(RAISED_LIMITS)
            os.environ["CME_LOG_LEVEL"] = "WARNING"
            running = stack.enter_context(dev_stack(Path(tempfile.mkdtemp())))
            args.url, args.data = running.url, str(running.folder / "data")
        keys = dev_keys(Path(args.data) / "keys", [s.name for s in SERVICES])
        measure(args.url, keys, args)


if __name__ == "__main__":
    main()
