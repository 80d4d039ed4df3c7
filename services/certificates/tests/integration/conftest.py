"""One running certificates service for the integration tests of this folder (one start-up:
a consumer group takes seconds to join), and helpers to feed it credit events."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

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


@pytest.fixture(scope="session")
async def service(infra, signing_key_pem):
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
        yield CertificatesService(app, client)
