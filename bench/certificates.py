"""Benchmark (not a test): certificates issued per second for one bulk-approved session.

Starts the real infrastructure (cme_platform.devstack), runs one certificates service in
this process, feeds it N `CreditApproved` events for one session (default 10,000 attendees,
as when a large session's execution report is approved at once) and reports:

- how fast the consumer records the approvals, and how fast the issuer renders, signs and
  stores the certificates (certificates per second, end to end);
- that other work does not stall meanwhile: the latency of verify requests served during the
  bulk, and how long a `CreditRevoked` sent after the bulk takes to be applied.

    uv run python bench/certificates.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from cme_certificates.adapters.tables import certificates
from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app
from cme_contracts import topics
from cme_contracts.events import CreditApproved, CreditRevoked
from cme_platform.devstack import infrastructure
from cme_platform.testing.services import migrated_database, running, settings_for

PROJECT = "2026-03-05-129（国）"


def approval(index: int) -> CreditApproved:
    """The approved credit of attendee `index` of the bulk session."""
    return CreditApproved(
        credit_id=f"bench-{uuid.uuid4().hex}", id_number=f"5101{index:013d}X", name=f"学员{index:05d}",
        unit="四川大学华西医院", year=2026, credit_class="I", level="national", credits=4, hours=12,
        source="session", project_number=PROJECT, project_name="疼痛治疗新进展学习班",
        start_date=date(2026, 3, 5), end_date=date(2026, 3, 7), jurisdiction="sichuan",
        issuing_office="四川省继续医学教育委员会办公室", approved_by="bench", approved_at=datetime.now(UTC),
    )


async def count(runtime, *conditions) -> int:
    """Certificates matching the conditions."""
    async with runtime.sessions() as session:
        return await session.scalar(select(func.count()).select_from(certificates).where(*conditions))


async def feed(runtime, events: list[CreditApproved]) -> None:
    """Publish the events to the credits topic as the credits service's relay would."""
    for start in range(0, len(events), 1000):
        batch = events[start:start + 1000]
        sends = [await runtime.producer.send(topics.CREDITS, runtime.uow().envelope(e).to_bytes(),
                                             key=e.id_number.encode()) for e in batch]
        await asyncio.gather(*sends)


async def probe_latency(client, stop: asyncio.Event, samples: list[float]) -> None:
    """Call the verify API every 200 ms while the bulk runs, recording each latency."""
    while not stop.is_set():
        started = time.perf_counter()
        await client.get("/api/certificates/SC202600000001/verify")
        samples.append(time.perf_counter() - started)
        await asyncio.sleep(0.2)


async def bench(infra, n: int) -> None:
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    settings = settings_for(infra, CertificatesSettings, await migrated_database(infra, "cme_certificates"),
                            cert_signing_key=key, log_level="WARNING", public_lookup_limit=1_000_000)
    app = create_app(settings)
    runtime = app.state.runtime
    events = [approval(i) for i in range(n)]
    async with running(app) as client:
        samples: list[float] = []
        stop = asyncio.Event()
        prober = asyncio.create_task(probe_latency(client, stop, samples))
        started = time.perf_counter()
        await feed(runtime, events)
        fed = time.perf_counter() - started
        recorded_at = issued_at = None
        while issued_at is None:
            await asyncio.sleep(0.5)
            if recorded_at is None and await count(runtime) >= n:
                recorded_at = time.perf_counter() - started
            if await count(runtime, certificates.c.state == "issued") >= n:
                issued_at = time.perf_counter() - started
        stop.set()
        await prober
        revoked = await revoke_latency(runtime, events[0])
    print(f"certificates: {n} approvals fed in {fed:.1f} s")
    print(f"  recorded by the consumer in {recorded_at:.1f} s ({n / recorded_at:.0f} approvals/s)")
    print(f"  issued (PDF + signed credential + S3 + CertificateIssued) in {issued_at:.1f} s "
          f"= {n / issued_at:.1f} certificates/s")
    print(f"  verify API during the bulk: {len(samples)} calls, median {statistics.median(samples) * 1000:.0f} ms, "
          f"p95 {sorted(samples)[int(len(samples) * 0.95)] * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms")
    print(f"  a CreditRevoked after the bulk applied in {revoked:.2f} s")


async def revoke_latency(runtime, event: CreditApproved) -> float:
    """Seconds from publishing a CreditRevoked to the certificate being revoked."""
    revocation = CreditRevoked(credit_id=event.credit_id, id_number=event.id_number, reason="bench",
                               revoked_by="bench", revoked_at=datetime.now(UTC))
    started = time.perf_counter()
    await runtime.producer.send_and_wait(topics.CREDITS, runtime.uow().envelope(revocation).to_bytes(),
                                         key=event.id_number.encode())
    while await count(runtime, certificates.c.credit_id == event.credit_id, certificates.c.state == "revoked") == 0:
        await asyncio.sleep(0.05)
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark with N from the command line (default 10,000)."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with infrastructure() as infra:
        asyncio.run(bench(infra, n))


if __name__ == "__main__":
    main()
