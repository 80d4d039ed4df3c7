"""Benchmark: a congress of N attendees (default 10,000) from the execution report to N certificates.

Drives a running stack (its own, started like `make dev`, or yours with --url) from this separate
process, as the people and systems around it would, and times what issue 16 names, against its
60 s goal:

1. before the clock: a session (announced on the projects topic), and every attendee's check-in
   and check-out uploaded in batches by the venue's devices;
2. the unit submits the execution report (执行情况上报, one POST with the N ID numbers): the clock
   starts; the credits service makes one pending credit per attendee from `ExecutionReported`;
3. the provincial office finds them in its queue and approves them in bulk (POST /api/credits/reviews,
   1,000 at a time, as its review page does);
4. the certificates service issues one certificate per `CreditApproved`; the clock stops when the
   N-th `CertificateIssued` of these credits is on the topic (read as a regulator's system would).

Each phase prints its own time; the last line prints the whole against the goal, and the events
per second the pipeline carried (3 per attendee) against raw aiokafka produce to the same broker.

    uv run python bench/pipeline.py [--attendees N] [--broker-memory]
    uv run python bench/pipeline.py --url http://127.0.0.1:8080 --data .var/dev --bootstrap 127.0.0.1:19092
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer
from harness import private_key, produce_ceiling
from venue import UNIT, bootstrap_of, open_session, scan

from cme_contracts import topics
from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.keys import dev_keys
from cme_platform.testing.stack import dev_stack
from cme_platform.testing.tokens import token_for

GOAL_SECONDS = 60.0
CHUNK = 1000  # the most credit ids one review request takes


def bearer(key, role: str, **scope) -> dict[str, str]:
    return {"Authorization": "Bearer " + token_for(role, key=key, ttl=timedelta(hours=2), **scope)}


async def attend(client: httpx.AsyncClient, device: dict, session_id: str, start, attendees: int) -> list[str]:
    """Every attendee checked in and out (batches of 1,000 records); their ID numbers."""
    records = [scan(session_id, start, n) for n in range(2 * attendees)]
    for at in range(0, len(records), CHUNK):
        answer = await client.post("/api/attendance/scan-batches", json={"records": records[at:at + CHUNK]},
                                   headers=device)
        answer.raise_for_status()
    return sorted({r["id_number"] for r in records})


async def queued(client: httpx.AsyncClient, office: dict, project_name: str, attendees: int) -> list[str]:
    """The credit ids of the session once all are in the office's queue."""
    while True:
        found = (await client.get("/api/credits/queue", headers=office)).json()["credits"]
        ids = [c["credit_id"] for c in found if c["project_name"] == project_name]
        if len(ids) >= attendees:
            return ids
        await asyncio.sleep(1)


async def approve(client: httpx.AsyncClient, office: dict, credit_ids: list[str]) -> None:
    for at in range(0, len(credit_ids), CHUNK):
        answer = await client.post("/api/credits/reviews", headers=office, json={
            "credit_ids": credit_ids[at:at + CHUNK], "decision": "approve"})
        if answer.status_code not in (200, 207) or answer.json()["refused"]:
            raise SystemExit(f"approval refused: {answer.status_code} {answer.text[:300]}")


async def certificates_of(bootstrap: str, credit_ids: set[str], ready: asyncio.Event) -> None:
    """Until a CertificateIssued of each credit is on the certificates topic."""
    consumer = AIOKafkaConsumer(topics.CERTIFICATES, bootstrap_servers=bootstrap, auto_offset_reset="latest",
                                group_id=f"bench-{uuid.uuid4().hex[:8]}")
    await consumer.start()
    while not consumer.assignment():
        await asyncio.sleep(0.1)
    await consumer.seek_to_end()
    ready.set()
    waiting = set(credit_ids)
    while waiting:
        for records in (await consumer.getmany(timeout_ms=1000)).values():
            waiting.difference_update(json.loads(r.value).get("data", {}).get("credit_id") for r in records)
    await consumer.stop()


async def measure(url: str, bootstrap: str, keys: dict, attendees: int) -> None:
    key = private_key(keys["jwt_private"])
    office = bearer(key, "provincial_office", account_id="bench-office", jurisdiction="sichuan")
    unit = bearer(key, "unit_admin", account_id="bench-unit-admin", unit_id=UNIT, jurisdiction="sichuan")
    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        session_id, start = await open_session(bootstrap, url, office)
        people = await attend(client, bearer(key, "device", account_id="bench-device"), session_id, start, attendees)
        began = time.perf_counter()
        report = await client.post(f"/api/attendance/sessions/{session_id}/execution-report", headers=unit,
                                   json={"id_numbers": people})
        report.raise_for_status()
        credit_ids = await queued(client, office, "压测项目", attendees)
        credited = time.perf_counter()
        ready = asyncio.Event()
        issued = asyncio.create_task(certificates_of(bootstrap, set(credit_ids), ready))
        await ready.wait()
        approving = time.perf_counter()
        await approve(client, office, credit_ids)
        approved = time.perf_counter()
        await issued
    done = time.perf_counter()
    raw = await produce_ceiling(bootstrap, 50_000)
    total = done - began
    print(f"{attendees:,} attendees: execution report -> {len(credit_ids):,} pending credits {credited - began:.1f} s; "
          f"bulk approval {approved - approving:.1f} s; approval -> last CertificateIssued {done - approving:.1f} s")
    print(f"{'report to certificates':<34} {total:>10,.1f} s          goal {GOAL_SECONDS:>10,.0f}   "
          f"ratio {GOAL_SECONDS / total:.3f} (>= 1 meets it); {3 * attendees / total:,.0f} events/s, "
          f"raw produce {raw:,.0f} msgs/s, ratio {3 * attendees / total / raw:.3f}")


def main() -> None:
    """Parse arguments, reach or start the stack, measure, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running stack's front door; without it the benchmark starts its own")
    parser.add_argument("--data", default=".var/dev", help="the running stack's data folder (its dev keys)")
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--broker-memory", action="store_true",
                        help="own stack only: the broker keeps its data in memory (CME_DEV_BROKER_STORAGE=memory)")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.url is None:
            os.environ.update(CME_DEVICE_REQUESTS_PER_MINUTE="100000000", CME_LOG_LEVEL="WARNING")
            if args.broker_memory:
                os.environ["CME_DEV_BROKER_STORAGE"] = "memory"
            running = stack.enter_context(dev_stack(Path(tempfile.mkdtemp())))
            args.url, args.data = running.url, str(running.folder / "data")
            args.bootstrap = bootstrap_of(running.folder)
        keys = dev_keys(Path(args.data) / "keys", [s.name for s in SERVICES])
        asyncio.run(measure(args.url, args.bootstrap, keys, args.attendees))


if __name__ == "__main__":
    main()
