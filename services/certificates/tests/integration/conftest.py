"""One running certificates service for the integration tests of this folder (one start-up:
a consumer group takes seconds to join), and helpers to feed it credit events."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from cme_certificates.adapters.credits_api import CreditsApi
from cme_certificates.adapters.tables import certificates
from cme_certificates.bootstrap import CertificatesRuntime
from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app
from cme_contracts import IntegrationEvent, topics
from cme_platform.db import outbox
from cme_platform.testing.services import eventually, migrated_database, running, settings_for

QUERY_LIMIT = 40


@dataclass
class CertificatesService:
    """A running certificates service with its own database, and a client to call it."""

    app: FastAPI
    client: httpx.AsyncClient

    @property
    def runtime(self) -> CertificatesRuntime:
        """The service's runtime."""
        return self.app.state.runtime

    async def deliver(self, event: IntegrationEvent) -> bytes:
        """Publish a credits event to the broker as the credits service would; returns the message."""
        message = self.runtime.uow().envelope(event).to_bytes()
        await self.redeliver(message, event.partition_key())
        return message

    async def redeliver(self, message: bytes, key: str) -> None:
        """Send the very same message again (a producer retry, a replay)."""
        await self.runtime.producer.send_and_wait(topics.CREDITS, message, key=key.encode())

    async def rows_for(self, credit_id: str) -> list:
        """The certificate rows of one credit."""
        async with self.runtime.sessions() as session:
            return (await session.execute(select(certificates).where(certificates.c.credit_id == credit_id)
                                          .order_by(certificates.c.created_at))).all()

    async def issued(self, credit_id: str, state: str = "issued"):
        """Wait until the credit's latest certificate is in `state`; returns its row."""
        async def probe():
            rows = await self.rows_for(credit_id)
            return rows[-1] if rows and rows[-1].state == state else None

        return await eventually(probe, timeout=60)

    async def outbox_count(self, event_type: str, certificate_id: str) -> int:
        """How many events of a type the service wrote for one certificate."""
        async with self.runtime.sessions() as session:
            payloads = (await session.execute(select(outbox.c.payload).where(
                outbox.c.event_type == event_type))).scalars()
            return sum(certificate_id.encode() in payload for payload in payloads)


class CreditsStandIn:
    """Answers `GET /api/credits/compliance` as the credits service would for a learner, from a
    ledger the test fills (the real credits service answers in the cross-service tests, tests/)."""

    def __init__(self):
        self.ledger: dict[str, list[dict]] = {}
        self.down = False  # set by a test that needs credits not to answer

    def counted(self, id_number: str, approval) -> None:
        """Count an approved credit (a CreditApproved event) for its learner."""
        self.ledger.setdefault(id_number, []).append({
            "credit_id": approval.credit_id, "year": approval.year, "project_name": approval.project_name,
            "credit_class": approval.credit_class, "level": approval.level, "credits": approval.credits,
            "status": "approved", "counted": True, "explanation": "已审核通过"})

    def answer(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("credits is down", request=request)
        year = int(request.url.params["year"])
        credits = [c for c in self.ledger.get(request.url.params["id_number"], []) if c["year"] == year]
        class_i = sum(c["credits"] for c in credits if c["credit_class"] == "I")
        class_ii = sum(c["credits"] for c in credits if c["credit_class"] == "II")
        missing = [] if class_i >= 5 and class_ii >= 15 else [{"code": "annual_total", "message": "还差学分"}]
        return httpx.Response(200, json={
            "year": year, "jurisdiction": "sichuan", "staff_level": request.url.params.get("staff_level"),
            "met": not missing, "totals": {"total": class_i + class_ii, "class_i": class_i, "class_ii": class_ii,
                                           "national_window": 0},
            "requirements": {"annual_total": 25, "class_i_min": 5, "class_i_max": 10, "class_ii_min": 15,
                             "class_ii_max": 20, "national_window": None},
            "missing": missing, "credits": credits})


@pytest.fixture(scope="session")
def credits_stand_in() -> CreditsStandIn:
    """What the certificates service hears from credits in this folder's tests."""
    return CreditsStandIn()


@pytest.fixture(scope="session")
async def service(infra, signing_key_pem, credits_stand_in):
    """The certificates service, running against the real database, broker, Redis and S3."""
    database = await migrated_database(infra, "cme_certificates")
    settings = settings_for(
        infra,
        CertificatesSettings,
        database,
        cert_signing_key=signing_key_pem,
        s3_bucket="cme-certificates-test",
        public_query_limit=QUERY_LIMIT,
        public_query_hourly_points=100_000,
        public_base_url="https://cme.example.cn",
        issue_poll_seconds=0.05,
    )
    app = create_app(settings)
    async with running(app) as client:
        app.state.runtime.credits_api = CreditsApi(httpx.AsyncClient(
            transport=httpx.MockTransport(credits_stand_in.answer), base_url="http://credits"))
        yield CertificatesService(app, client)
