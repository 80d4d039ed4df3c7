"""A session and its attendees, made from outside as the projects service and swipe devices would:
shared by the benchmarks that need one (ingest.py, pipeline.py)."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer
from harness import person

from cme_contracts import Envelope
from cme_contracts.events import HoldApplicationApproved
from cme_contracts.events.common import CreditClass, ProjectLevel, SessionDay, TimeWindow
from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.keys import dev_keys
from cme_platform.testing.stack import dev_stack

UNIT = "bench-unit"


def scan(session_id: str, start: datetime, n: int) -> dict:
    """The n-th new record: a check-in, or seven hours later the check-out of the one before."""
    direction, moment = ("in", start) if n % 2 == 0 else ("out", start + timedelta(hours=7))
    return {"session_id": session_id, "device_id": f"dev-{n % 8}", "nonce": uuid.uuid4().hex,
            "id_number": person(n // 2, "320502"), "direction": direction,
            "scanned_at": (moment + timedelta(seconds=(n // 2) % 3600)).isoformat()}


async def open_session(bootstrap: str, url: str, office: str) -> tuple[str, datetime]:
    """An approved session of yesterday, announced on the projects topic as the projects service would."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    window = TimeWindow(opens_at=start - timedelta(hours=1), closes_at=start + timedelta(hours=9))
    event = HoldApplicationApproved(
        application_id=f"bench-{uuid.uuid4().hex[:8]}", session_id=f"bench-{uuid.uuid4().hex[:12]}",
        project_id="bench", project_number="2020480301016 (省)", project_name="压测项目", jurisdiction="sichuan",
        level=ProjectLevel.PROVINCIAL, credit_class=CreditClass.I, credits=5, venue="成都", owner_id="bench-owner",
        unit_id=UNIT, schedule=[SessionDay(day=(start + timedelta(hours=8)).date(), starts_at=start,
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


def bootstrap_of(folder: Path) -> str:
    """The broker address `cme-dev` printed when it started."""
    return re.search(r"kafka\s+(\S+)", (folder / "cme-dev.log").read_text()).group(1)


def stack_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that say which stack to drive: a running one, or one of its own."""
    parser.add_argument("--url", help="a running stack's front door; without it the benchmark starts its own")
    parser.add_argument("--data", default=".var/dev", help="the running stack's data folder (its dev keys)")
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    parser.add_argument("--broker-memory", action="store_true",
                        help="own stack only: the broker keeps its data in memory instead of the S3 server "
                             "(CME_DEV_BROKER_STORAGE=memory; for benchmarks, it survives no restart)")


@contextmanager
def reached(args: argparse.Namespace) -> Iterator[dict]:
    """The stack's dev keys while it runs: `args.url` if given, else a stack of its own (device limits
    raised, since one address sends everything), whose addresses are then written into `args`."""
    if args.url is not None:
        yield dev_keys(Path(args.data) / "keys", [s.name for s in SERVICES])
        return
    os.environ.update(CME_DEVICE_REQUESTS_PER_MINUTE="100000000", CME_LOG_LEVEL="WARNING")
    if args.broker_memory:
        os.environ["CME_DEV_BROKER_STORAGE"] = "memory"
    with dev_stack(Path(tempfile.mkdtemp())) as running:
        args.url, args.data = running.url, str(running.folder / "data")
        args.bootstrap = bootstrap_of(running.folder)
        yield dev_keys(Path(args.data) / "keys", [s.name for s in SERVICES])
