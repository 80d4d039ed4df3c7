"""Every operation of every service's OpenAPI document, fuzzed with schemathesis against
the real services (real PostgreSQL, broker, Redis, S3): no input may produce a server error.

Bounded so that it fits in the suite: a few examples per operation, positive and negative,
and a time budget for the whole run. Requests carry a provincial office's token, so they get
past sign-in to the code that reads the input.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import AsyncExitStack

import httpx
import pytest
import schemathesis
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

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

EXAMPLES_PER_OPERATION = 8
BUDGET_SECONDS = 120
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


def _server_errors(base_url: str, deadline: float) -> list[str]:
    """Fuzz every operation of one service; the requests that answered 5xx."""
    schema = schemathesis.openapi.from_dict(httpx.get(f"{base_url}/openapi.json", timeout=30).json())
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in GenerationMode:
            if time.monotonic() > deadline:
                return found + [f"time budget spent before {operation.label}"]

            @given(operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, phases=[Phase.generate],
                      suppress_health_check=list(HealthCheck))
            def probe(case):
                answer = case.call(base_url=base_url, headers=HEADERS, timeout=30)
                if answer.status_code >= 500:
                    found.append(f"{case.method} {case.formatted_path} query={case.query} body={case.body!r:.200} "
                                 f"→ {answer.status_code} {answer.text[:200]}")

            try:
                probe()
            except Unsatisfiable:
                pass  # nothing to get wrong: an operation without parameters has no negative case
    return found


async def test_no_input_gives_a_server_error_on_any_service(services):
    deadline = time.monotonic() + BUDGET_SECONDS
    errors = {}
    for name, base_url in services.items():
        errors[name] = await asyncio.to_thread(_server_errors, base_url, deadline)
    assert not any(errors.values()), "\n".join(f"{n}: {e}" for n, items in errors.items() for e in items)
