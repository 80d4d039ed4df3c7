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
import shutil
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer
from harness import hello_ceiling, latency, line, private_key, produce_ceiling, service_url, settle, wrk
from venue import open_session, reached, scan, stack_arguments

from cme_contracts import topics
from cme_platform.testing.tokens import token_for


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


async def measure(url: str, bootstrap: str, keys: dict, args) -> None:
    key = private_key(keys["jwt_private"])
    device_token = token_for("device", key=key, account_id="bench-device", ttl=timedelta(hours=2))
    office = {"Authorization": "Bearer " + token_for("provincial_office", key=key, jurisdiction="sichuan")}
    session_id, start = await open_session(bootstrap, url, office)
    idle = settle()
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
          f"raw produce ceiling: {raw:,.0f} msgs/s; CPU busy before: {idle:.0%}")
    line("single-record upload POST /scans", single["rate"], "req/s", hello["rate"],
         latency(single))
    line("  the same, service port (no edge)", direct["rate"], "req/s", hello["rate"],
         latency(direct))
    line(f"batch ingest {args.batches}x{args.batch_size}, {args.batch_concurrency} up", ingest, "records/s", raw,
         "HTTP accepted -> event on the topic")


def main() -> None:
    """Parse arguments, reach or start the stack, measure, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    stack_arguments(parser)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--singles", type=int, default=60_000)
    parser.add_argument("--produce", type=int, default=50_000)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--batch-concurrency", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    with reached(args) as keys:
        asyncio.run(measure(args.url, args.bootstrap, keys, args))


if __name__ == "__main__":
    main()
