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
import time
import uuid
from datetime import timedelta

import httpx
from aiokafka import AIOKafkaConsumer
from harness import private_key, produce_ceiling
from venue import UNIT, open_session, reached, scan, stack_arguments

from cme_contracts import topics
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


async def watch_certificates(bootstrap: str, issued: set[str], ready: asyncio.Event) -> None:
    """Collect the credit ids of every CertificateIssued on the certificates topic from now on (cancelled when
    the benchmark has seen what it waits for); `ready` once the consumer reads from the end."""
    consumer = AIOKafkaConsumer(topics.CERTIFICATES, bootstrap_servers=bootstrap, auto_offset_reset="latest",
                                group_id=f"bench-{uuid.uuid4().hex[:8]}")
    await consumer.start()
    try:
        while not consumer.assignment():
            await asyncio.sleep(0.1)
        await consumer.seek_to_end()
        ready.set()
        while True:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                issued.update(json.loads(r.value).get("data", {}).get("credit_id") for r in records)
    finally:
        await consumer.stop()


async def measure(url: str, bootstrap: str, keys: dict, attendees: int) -> None:
    key = private_key(keys["jwt_private"])
    office = bearer(key, "provincial_office", account_id="bench-office", jurisdiction="sichuan")
    unit = bearer(key, "unit_admin", account_id="bench-unit-admin", unit_id=UNIT, jurisdiction="sichuan")
    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        session_id, start = await open_session(bootstrap, url, office)
        people = await attend(client, bearer(key, "device", account_id="bench-device"), session_id, start, attendees)
        issued: set[str] = set()
        ready = asyncio.Event()
        watching = asyncio.create_task(watch_certificates(bootstrap, issued, ready))
        await ready.wait()  # before the clock: joining the topic is the benchmark's cost, not the platform's
        began = time.perf_counter()
        report = await client.post(f"/api/attendance/sessions/{session_id}/execution-report", headers=unit,
                                   json={"id_numbers": people})
        report.raise_for_status()
        credit_ids = await queued(client, office, "压测项目", attendees)
        credited = time.perf_counter()
        await approve(client, office, credit_ids)
        approved = time.perf_counter()
        while not issued.issuperset(credit_ids):
            await asyncio.sleep(0.05)
        watching.cancel()
    done = time.perf_counter()
    raw = await produce_ceiling(bootstrap, 50_000)
    total = done - began
    print(f"{attendees:,} attendees: execution report -> {len(credit_ids):,} pending credits {credited - began:.1f} s; "
          f"bulk approval {approved - credited:.1f} s; approval -> last CertificateIssued {done - credited:.1f} s")
    print(f"{'report to certificates':<34} {total:>10,.1f} s          goal {GOAL_SECONDS:>10,.0f}   "
          f"ratio {GOAL_SECONDS / total:.3f} (>= 1 meets it); {3 * attendees / total:,.0f} events/s, "
          f"raw produce {raw:,.0f} msgs/s, ratio {3 * attendees / total / raw:.3f}")


def main() -> None:
    """Parse arguments, reach or start the stack, measure, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    stack_arguments(parser)
    parser.add_argument("--attendees", type=int, default=10_000)
    args = parser.parse_args()
    with reached(args) as keys:
        asyncio.run(measure(args.url, args.bootstrap, keys, args.attendees))


if __name__ == "__main__":
    main()
