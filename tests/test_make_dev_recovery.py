"""`make dev` brings back a service that was killed, and keeps every piece of state (database,
broker topics and messages, S3 objects) across a restart of the whole stack."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from minio import Minio

from cme_platform.devstack.dev_services import stack_ports
from cme_platform.devstack.processes import free_port, free_port_block
from cme_platform.messaging import create_producer, ensure_topics
from cme_platform.messaging.kafka import read_all
from cme_platform.messaging.topic_admin import TopicSpec, platform_topics, problems
from cme_platform.testing.journeys import wait_for_line
from cme_platform.testing.stack import READY_TIMEOUT, SERVICE_READY_TIMEOUT

KEPT_TOPIC = "cme.test.kept"


def start(env: dict[str, str]) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "cme-dev")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_for_line(process, "ready in", timeout=READY_TIMEOUT)
    return process



def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=90) == 0


def service_pid(command: str, port: int) -> int:
    """The pid of our own `command` process (other stacks may run on this machine)."""
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and command in (entry / "cmdline").read_bytes().decode(errors="replace") \
                    and f"CME_HTTP_PORT={port}\0".encode() in (entry / "environ").read_bytes():
                return int(entry.name)
        except OSError:
            continue
    raise AssertionError(f"no {command} on port {port}")


def other_ports(edge: int, count: int) -> list[int]:
    """Free ports clear of the services' (the edge's and the next six)."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if not edge <= port <= edge + 6 and port not in ports:
            ports.append(port)
    return ports


def ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_killed_service_comes_back_and_state_survives_a_restart_of_the_stack(tmp_path: Path):
    edge = free_port_block(stack_ports())
    s3_port, kafka_port, postgres_port, redis_port = other_ports(edge, 4)
    env = dict(
        os.environ,
        CME_DEV_DATA_DIR=str(tmp_path / "dev"),
        CME_DEV_EDGE_PORT=str(edge),
        CME_DEV_READY_TIMEOUT_SECONDS=str(SERVICE_READY_TIMEOUT),
        CME_DEV_S3_PORT=str(s3_port),
        CME_DEV_KAFKA_PORT=str(kafka_port),
        CME_DEV_POSTGRES_PORT=str(postgres_port),
        CME_DEV_REDIS_PORT=str(redis_port),
    )
    env = {k: v for k, v in env.items() if not k.startswith("CME_INFRA")}
    bootstrap = f"127.0.0.1:{kafka_port}"
    s3 = Minio(f"127.0.0.1:{s3_port}", "cme", "cme-secret-key", secure=False, region="us-east-1")

    process = start(env)
    try:
        s3.put_object("cme-evidence", "kept.txt", io.BytesIO(b"kept"), 4)
        asyncio.run(produce(bootstrap))
        credits = edge + 3
        os.kill(service_pid("cme-credits", credits), signal.SIGKILL)
        wait_for_line(process, "credits exited with code", timeout=30)
        wait_for_line(process, "credits restarted", timeout=30)
        deadline = time.monotonic() + 90
        while not ready(credits):
            assert time.monotonic() < deadline, "credits did not come back"
            time.sleep(0.5)
        assert "restarting in" in (tmp_path / "dev" / "logs" / "credits.log").read_text()
    finally:
        stop(process)

    process = start(env)
    try:
        assert s3.get_object("cme-evidence", "kept.txt").read() == b"kept"
        assert asyncio.run(problems(bootstrap, [TopicSpec(t, 6) for t in platform_topics()])) == []
        assert [r.value for r in asyncio.run(read_all(bootstrap, KEPT_TOPIC))] == [b"kept"]
    finally:
        stop(process)


async def produce(bootstrap: str) -> None:
    await ensure_topics(bootstrap, (KEPT_TOPIC,))
    producer = create_producer(bootstrap, client_id="dev-recovery-test")
    await producer.start()
    try:
        await producer.send_and_wait(KEPT_TOPIC, b"kept", key=b"k")
    finally:
        await producer.stop()
