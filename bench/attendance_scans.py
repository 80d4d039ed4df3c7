"""Benchmark: scan records per second into the attendance service, by batch and one at a time.

Starts its own PostgreSQL, Redis, Kafka-protocol broker and S3 (cme_platform.devstack), runs
the attendance app under uvicorn in this process, and drives it over HTTP with several
concurrent clients, as swipe devices and organizers' systems would. Every record is a new
scan (a new person and nonce), so each one is validated, stored, and its CheckedIn/CheckedOut
written to the outbox and relayed to the broker while the benchmark runs.

    uv run python bench/attendance_scans.py [--batches 20] [--batch-size 500] [--singles 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import uvicorn

from cme_attendance.config import AttendanceSettings
from cme_attendance.entrypoints.app import create_app
from cme_attendance.service_layer.sessions import on_hold_application_approved
from cme_contracts.events import HoldApplicationApproved
from cme_contracts.events.common import CreditClass, ProjectLevel, SessionDay, TimeWindow
from cme_contracts.identifiers import id_check_digit as check_digit
from cme_platform.auth import Role
from cme_platform.devstack import infrastructure
from cme_platform.testing.services import migrated_database, settings_for
from cme_platform.testing.tokens import auth_header

DEVICE = auth_header(Role.DEVICE, account_id="bench-device")


def person(n: int) -> str:
    """A distinct valid ID number for every n."""
    birth = date(1960, 1, 1) + timedelta(days=n // 1000)
    first_17 = f"320502{birth:%Y%m%d}{n % 1000:03d}"
    return first_17 + check_digit(first_17)


def approval(start: datetime) -> HoldApplicationApproved:
    """A one-day session yesterday whose windows cover the day."""
    day = SessionDay(day=(start + timedelta(hours=8)).date(), starts_at=start, ends_at=start + timedelta(hours=8))
    window = TimeWindow(opens_at=start - timedelta(hours=1), closes_at=start + timedelta(hours=9))
    return HoldApplicationApproved(
        application_id="bench", session_id=f"bench-{uuid.uuid4().hex[:8]}", project_id="bench",
        project_number="2020480301016 (省)", project_name="压测项目", jurisdiction="sichuan",
        level=ProjectLevel.PROVINCIAL, credit_class=CreditClass.I, credits=5, venue="成都", owner_id="owner",
        unit_id="unit", schedule=[day], check_in_window=window, check_out_window=window, qr_refresh_seconds=86400,
        required_hours=6, approved_by="office", approved_at=datetime.now(UTC),
    )


class Records:
    """New scan records: a check-in and a check-out per person, device clocks a second apart."""

    def __init__(self, session_id: str, start: datetime):
        self._session_id, self._start, self._next = session_id, start, 0

    def take(self, count: int) -> list[dict]:
        """The next `count` records."""
        records = []
        for _ in range(count):
            n, self._next = self._next, self._next + 1
            direction = "in" if n % 2 == 0 else "out"
            moment = self._start + timedelta(seconds=(n // 2) % 3600, hours=0 if direction == "in" else 7)
            records.append({"session_id": self._session_id, "device_id": f"dev-{n % 8}", "nonce": uuid.uuid4().hex,
                            "id_number": person(n // 2), "direction": direction, "scanned_at": moment.isoformat()})
        return records


async def drive(client: httpx.AsyncClient, payloads: list[tuple[str, dict]], concurrency: int) -> tuple[float, int]:
    """Send the payloads with `concurrency` clients; returns (seconds, accepted records)."""
    queue: asyncio.Queue = asyncio.Queue()
    for item in payloads:
        queue.put_nowait(item)
    accepted = 0

    async def worker() -> None:
        nonlocal accepted
        while not queue.empty():
            path, body = queue.get_nowait()
            response = await client.post(path, json=body, headers=DEVICE)
            response.raise_for_status()
            reply = response.json()
            accepted += reply["accepted"] if "accepted" in reply else int(reply["status"] == "accepted")

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - began, accepted


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def run(infra, args) -> None:
    settings = settings_for(infra, AttendanceSettings, await migrated_database(infra, "cme_attendance"),
                            qr_signing_key="bench-signing-key-of-at-least-32-characters", log_level="WARNING",
                            device_requests_per_minute=1_000_000)
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", log_config=None))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    event = approval(start)
    async with app.state.runtime.uow() as uow:
        await on_hold_application_approved(event, uow)
        await uow.commit()
    records = Records(event.session_id, start)
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=120) as client:
        await drive(client, [("/api/attendance/scan-batches", {"records": records.take(50)})], 1)  # warm-up
        batches = [("/api/attendance/scan-batches", {"records": records.take(args.batch_size)})
                   for _ in range(args.batches)]
        batch_seconds, batch_accepted = await drive(client, batches, args.batch_concurrency)
        retried_seconds, _ = await drive(client, batches, args.batch_concurrency)
        singles = [("/api/attendance/scans", record) for record in records.take(args.singles)]
        single_seconds, single_accepted = await drive(client, singles, args.single_concurrency)
    server.should_exit = True
    await serving

    total = args.batches * args.batch_size
    print(
        f"batch endpoint : {total} records in {args.batches} batches of {args.batch_size}, "
        f"{args.batch_concurrency} concurrent uploads: {batch_seconds:.2f} s -> {total / batch_seconds:,.0f} records/s "
        f"({batch_accepted} accepted)"
    )
    print(f"batch re-upload: the same {total} records again (all duplicates): {retried_seconds:.2f} s -> "
          f"{total / retried_seconds:,.0f} records/s")
    print(f"single scans   : {args.singles} requests, {args.single_concurrency} concurrent: {single_seconds:.2f} s -> "
          f"{args.singles / single_seconds:,.0f} records/s ({single_accepted} accepted)")


def main() -> None:
    """Parse arguments, start the infrastructure, run, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--batch-concurrency", type=int, default=4)
    parser.add_argument("--singles", type=int, default=2000)
    parser.add_argument("--single-concurrency", type=int, default=16)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with infrastructure() as infra:
        asyncio.run(run(infra, args))


if __name__ == "__main__":
    main()
