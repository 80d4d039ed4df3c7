"""Every operation of every service's OpenAPI document, fuzzed with schemathesis against
the real services (real PostgreSQL, broker, Redis, S3): no input may produce a server error.

Bounded so that it fits in the suite: a few examples per operation, positive and negative,
and a time budget for the whole run. Requests carry a provincial office's token, so they get
past sign-in to the code that reads the input. The fuzzer runs in a process of its own
(`api_fuzzer.py`), as an outside client does.
"""

from __future__ import annotations

import asyncio
import json
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_attendance.config import AttendanceSettings
from cme_attendance.entrypoints.app import create_app as attendance_app
from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app as certificates_app
from cme_credits.config import CreditsSettings
from cme_credits.entrypoints.app import create_app as credits_app
from cme_evidence.config import EvidenceSettings
from cme_evidence.entrypoints.app import create_app as evidence_app
from cme_identity.adapters.tokens import new_key_pair
from cme_identity.config import IdentitySettings
from cme_identity.entrypoints.app import create_app as identity_app
from cme_notifications.config import NotificationsSettings
from cme_notifications.entrypoints.app import create_app as notifications_app
from cme_platform.auth import Role
from cme_platform.testing.services import migrated_database, settings_for
from cme_platform.testing.tokens import auth_header
from cme_projects.config import ProjectsSettings
from cme_projects.entrypoints.app import create_app as projects_app

BUDGET_SECONDS = 150
HEADERS = auth_header(Role.PROVINCIAL_OFFICE, account_id="acct-fuzz", jurisdiction="jiangsu", city_id="320100",
                      unit_id="unit-fuzz")


def _pem() -> str:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


SERVICES = {
    "projects": (projects_app, ProjectsSettings, {}),
    "attendance": (attendance_app, AttendanceSettings, {"qr_signing_key": "fuzz-signing-key-of-at-least-32-chars"}),
    "credits": (credits_app, CreditsSettings, {"public_query_limit": 100_000, "public_query_hourly_points": 10**9}),
    "evidence": (evidence_app, EvidenceSettings, {"s3_bucket": "cme-evidence-fuzz"}),
    "certificates": (certificates_app, CertificatesSettings,
                     {"cert_signing_key": _pem(), "s3_bucket": "cme-certificates-fuzz", "public_query_limit": 100_000,
                      "public_query_hourly_points": 10**9, "public_lookup_limit": 100_000}),
    "identity": (identity_app, IdentitySettings, {"jwt_private_key": new_key_pair()[0],
                                                  "sign_in_failures_per_address": 100_000}),
    "notifications": (notifications_app, NotificationsSettings, {}),
}


async def _serve(stack: AsyncExitStack, app) -> str:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    task = asyncio.create_task(server.serve())

    async def stop():
        server.should_exit = True
        await task

    stack.push_async_callback(stop)
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    return f"http://{host}:{port}"


@pytest.fixture(scope="module")
async def services(infra):
    """name → base URL of each service, running in this process."""
    async with AsyncExitStack() as stack:
        urls = {}
        for name, (factory, cls, extra) in SERVICES.items():
            database = await migrated_database(infra, f"cme_{name}")
            urls[name] = await _serve(stack, factory(settings_for(infra, cls, database, **extra)))
        yield urls


async def test_no_input_gives_a_server_error_on_any_service(services, tmp_path):
    output = tmp_path / "server-errors.json"
    fuzzer = await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).with_name("api_fuzzer.py")), str(BUDGET_SECONDS), HEADERS["Authorization"],
        str(output), *(f"{name}={url}" for name, url in services.items()),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    printed, _ = await fuzzer.communicate()
    assert fuzzer.returncode == 0, f"the fuzzer failed:\n{printed.decode(errors='replace')[-3000:]}"
    errors = json.loads(output.read_text())
    assert set(errors) == set(SERVICES) and not any(errors.values()), \
        "\n".join(f"{n}: {e}" for n, items in errors.items() for e in items)
