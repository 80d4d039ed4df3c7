"""`make dev` (the `cme-dev` command) brings every service to ready behind the front door,
and Ctrl-C stops everything."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from cme_platform.devstack.accounts import OFFICES, PROVINCIAL_OFFICES
from cme_platform.devstack.dev_services import SERVICES, stack_ports
from cme_platform.devstack.processes import free_port, free_port_block
from cme_platform.testing.journeys import wait_for_line
from cme_platform.testing.stack import READY_TIMEOUT, SERVICE_READY_TIMEOUT


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


OPERATOR = "ops-admin:Operator2026:zhejiang"


def _every_office_signs_in(front_door: str) -> None:
    """The README's dev accounts and the operator's own bootstrap admin, each with its role and scope."""
    expected = [(a.username, a.password, a.role, a.jurisdiction) for a in (*PROVINCIAL_OFFICES, *OFFICES)]
    for username, password, role, jurisdiction in [("ops-admin", "Operator2026", "provincial_office", "zhejiang"),
                                                    *expected]:
        answer = httpx.post(f"{front_door}/api/identity/sessions", json={"username": username, "password": password},
                            timeout=10)
        assert answer.status_code == 200, (username, answer.text)
        account = answer.json()["account"]
        assert (account["role"], account["jurisdiction"]) == (role, jurisdiction), username


def test_dev_stack_starts_every_service_ready_and_stops_on_ctrl_c(tmp_path: Path):
    edge = free_port_block(stack_ports())
    env = dict(os.environ, CME_DEV_DATA_DIR=str(tmp_path / "dev"), CME_DEV_EDGE_PORT=str(edge),
               CME_DEV_READY_TIMEOUT_SECONDS=str(SERVICE_READY_TIMEOUT), CME_BOOTSTRAP_ADMIN=OPERATOR,
               **{f"CME_DEV_{name}_PORT": str(free_port()) for name in ("POSTGRES", "REDIS", "KAFKA", "S3")})
    env = {k: v for k, v in env.items() if not k.startswith("CME_INFRA")}
    command = [str(Path(sys.executable).parent / "cme-dev")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = wait_for_line(process, "ready in", timeout=READY_TIMEOUT)
        print("".join(output))
        for service in SERVICES:
            ready = httpx.get(f"http://127.0.0.1:{edge + service.offset}/readyz", timeout=5)
            assert ready.status_code == 200, (service.name, ready.text)
            assert ready.json()["status"] == "ready"
            # Through the front door, each prefix reaches its service (a 404 of the service, not of the edge).
            answer = httpx.get(f"http://127.0.0.1:{edge}{service.routes[0]}/no-such-page", timeout=5)
            assert answer.status_code != 502 and "edge.no_route" not in answer.text, service.name
        _every_office_signs_in(f"http://127.0.0.1:{edge}")
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=60)
    assert code == 0
    assert not any(_port_open(edge + offset) for offset in range(len(SERVICES) + 1))
