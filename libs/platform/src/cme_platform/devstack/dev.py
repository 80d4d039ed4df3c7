"""`make dev`: the whole platform on this machine, from packages, until Ctrl-C.

Starts the infrastructure (PostgreSQL, Redis, Kafka protocol, S3) with its data under
`.var/dev`, creates and migrates each service's database (the portal owns none), starts
every service, the portal and the front door, waits until each answers /readyz, prints the
URLs, restarts (with backoff) a service that dies, and stops all on Ctrl-C.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from pathlib import Path

import httpx

from cme_platform.db.migrations import upgrade
from cme_platform.devstack import InfraEndpoints, ensure_database, infrastructure
from cme_platform.devstack.accounts import bootstrap_admin, open_offices
from cme_platform.devstack.dev_services import SERVICES, DevService, edge_routes
from cme_platform.devstack.keys import dev_keys
from cme_platform.devstack.processes import Layout, ManagedProcess
from cme_platform.devstack.supervise import Restarter
from cme_platform.messaging import topic_admin
from cme_platform.settings import KafkaSettings

DATA_DIR = Path(os.environ.get("CME_DEV_DATA_DIR", ".var/dev"))
EDGE_PORT = int(os.environ.get("CME_DEV_EDGE_PORT", "8080"))
INFRA_PORTS = {"POSTGRES": "15432", "REDIS": "16379", "KAFKA": "19092", "S3": "19000"}
# How long each service may take to answer; a loaded two-core machine needs more than a minute.
READY_TIMEOUT = float(os.environ.get("CME_DEV_READY_TIMEOUT_SECONDS", "60"))


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _ready(url: str):
    def probe() -> bool:
        return httpx.get(url, timeout=2).status_code == 200
    return probe


async def _prepare(infra: InfraEndpoints) -> None:
    """Create the topics as the CME_KAFKA_* settings say (as the deploy step does), and migrate."""
    settings = KafkaSettings(kafka_bootstrap_servers=infra.kafka_bootstrap)
    await topic_admin.create_missing(infra.kafka_bootstrap, topic_admin.specs(settings))
    # One after the other: Alembic keeps its migration context in module globals.
    for service in filter(lambda s: s.owns_data, SERVICES):
        await ensure_database(infra, service.database)
        await asyncio.to_thread(upgrade, service.package, infra.database_url(service.database))


def _service_env(service: DevService, infra: InfraEndpoints, keys: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "CME_DATABASE_URL": infra.database_url(service.database),
        "CME_KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
        "CME_REDIS_URL": infra.redis_url,
        "CME_S3_ENDPOINT": infra.s3_endpoint,
        "CME_S3_ACCESS_KEY": infra.s3_access_key,
        "CME_S3_SECRET_KEY": infra.s3_secret_key,
        "CME_HTTP_PORT": str(EDGE_PORT + service.offset),
        "CME_PUBLIC_BASE_URL": f"http://127.0.0.1:{EDGE_PORT}",
        "CME_JWT_PUBLIC_KEY": keys["jwt_public"],
        "CME_AUDIT_SIGNING_KEY": keys[f"audit_{service.name}_private"],
    })
    admins = bootstrap_admin(os.environ.get("CME_BOOTSTRAP_ADMIN"))
    env.update({name: value.format(**keys, bootstrap_admin=admins) for name, value in service.env.items()})
    return env


def _processes(infra: InfraEndpoints, layout: Layout, keys: dict[str, str]) -> list[ManagedProcess]:
    processes = []
    for service in SERVICES:
        env = _service_env(service, infra, keys)
        processes.append(ManagedProcess(
            name=service.name, argv=[_bin(service.command)], log_path=layout.log(service.name),
            probe=_ready(f"http://127.0.0.1:{EDGE_PORT + service.offset}/readyz"), env=env,
        ))
    edge_env = dict(os.environ, CME_EDGE_ROUTES=edge_routes(EDGE_PORT), CME_HTTP_PORT=str(EDGE_PORT))
    processes.append(ManagedProcess(
        name="edge", argv=[_bin("cme-edge")], log_path=layout.log("edge"),
        probe=_ready(f"http://127.0.0.1:{EDGE_PORT}/healthz"), env=edge_env,
    ))
    return processes


def _start(processes: list[ManagedProcess]) -> None:
    errors: list[Exception] = []

    def run(process: ManagedProcess) -> None:
        try:
            process.run(READY_TIMEOUT)
        except Exception as error:  # noqa: BLE001 — reported below, one line each
            errors.append(error)

    threads = [threading.Thread(target=run, args=(p,)) for p in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError("; ".join(str(e) for e in errors))


def _print_urls(infra: InfraEndpoints) -> None:
    print(f"\nCME platform is up — front door: http://127.0.0.1:{EDGE_PORT}/", flush=True)
    for service in SERVICES:
        print(f"  {service.name:<13} http://127.0.0.1:{EDGE_PORT + service.offset}  (docs: /docs, ready: /readyz)")
    print(f"  postgres      {infra.postgres_url}\n  redis         {infra.redis_url}")
    print(f"  kafka         {infra.kafka_bootstrap}\n  s3            {infra.s3_endpoint}")
    print(f"Data and logs: {DATA_DIR.resolve()} — Ctrl-C stops everything.", flush=True)


def main() -> None:
    """Entry point of `cme-dev` (run by `make dev`)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    for name, port in INFRA_PORTS.items():
        os.environ.setdefault(f"CME_DEV_{name}_PORT", port)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with infrastructure(DATA_DIR, persistent=True) as infra:
        asyncio.run(_prepare(infra))
        keys = dev_keys(DATA_DIR / "keys", [s.name for s in SERVICES])
        processes = _processes(infra, Layout(DATA_DIR.resolve(), persistent=True), keys)
        try:
            _start(processes)
            open_offices(f"http://127.0.0.1:{EDGE_PORT}")
            _print_urls(infra)
            print(f"(ready in {time.monotonic() - started:.1f}s)", flush=True)
            restarters = [Restarter(p, say=lambda line: print(line, flush=True)) for p in processes]
            while not stop.wait(1.0):
                for restarter in restarters:
                    restarter.tick(time.monotonic())
        except RuntimeError as error:
            print(f"make dev failed: {error}", file=sys.stderr)
            raise SystemExit(1) from None
        finally:
            for process in processes:
                process.stop()
    print("stopped", flush=True)
