"""Running notifications services for the integration tests of this folder, and helpers to
feed them events as the other services would and to read what they wrote."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from cme_contracts import IntegrationEvent
from cme_notifications.adapters.tables import deliveries, messages
from cme_notifications.bootstrap import NotificationsRuntime
from cme_notifications.config import NotificationsSettings
from cme_notifications.entrypoints.app import create_app
from cme_platform.testing.services import migrated_database, running, settings_for


@dataclass
class NotificationsService:
    """A running notifications service with its own database, and a client to call it."""

    app: FastAPI
    client: httpx.AsyncClient

    @property
    def runtime(self) -> NotificationsRuntime:
        return self.app.state.runtime

    async def deliver(self, event: IntegrationEvent) -> bytes:
        """Publish an event to the broker as its service would; returns the message."""
        message = self.runtime.uow().envelope(event).to_bytes()
        await self.redeliver(event, message)
        return message

    async def redeliver(self, event: IntegrationEvent, message: bytes) -> None:
        """Send the very same message again (a producer retry, a replay)."""
        await self.runtime.producer.send_and_wait(event.topic, message, key=event.partition_key().encode())

    async def messages_to(self, kind: str, key: str) -> list:
        """The message rows of one address, oldest first."""
        async with self.runtime.sessions() as session:
            return (await session.execute(select(messages).where(
                messages.c.recipient_kind == kind, messages.c.recipient_key == key)
                .order_by(messages.c.created_at))).all()

    async def deliveries_of(self, message_id: str) -> list:
        """The SMS/WeChat deliveries of one message."""
        async with self.runtime.sessions() as session:
            return (await session.execute(select(deliveries).where(deliveries.c.message_id == message_id))).all()


@asynccontextmanager
async def notifications_service(infra, database: str, group: str, **overrides):
    """One notifications app on a database, consuming in its own group (the scheduler is
    driven by the tests, so its own loop waits an hour between ticks)."""
    settings = settings_for(infra, NotificationsSettings, database, consumer_group=group,
                            reminder_period_seconds=3600, dispatch_poll_seconds=0.05, **overrides)
    app = create_app(settings)
    async with running(app) as client:
        yield NotificationsService(app, client)


@pytest.fixture(scope="session")
async def service(infra):
    """The notifications service of this folder's tests."""
    database = await migrated_database(infra, "cme_notifications")
    async with notifications_service(infra, database, f"notifications-it-{uuid.uuid4().hex[:6]}") as running_service:
        yield running_service


@pytest.fixture
async def fresh_database(infra) -> str:
    """A new migrated database, for tests that restart the service on it."""
    return await migrated_database(infra, "cme_notifications")
