"""The dispatcher: sends queued SMS and WeChat messages whose quiet hours are over.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, so replicas share the work without sending a
message twice; a failed send is retried on later polls and given up after `max_attempts`.
A send and its "sent" mark are not one transaction with the provider: a crash between them
sends that SMS again (at least once), which is better for a deadline than never.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping

from cme_notifications.adapters import metrics
from cme_notifications.adapters.channels import ChannelError, Outgoing, SendingChannel
from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = logging.getLogger(__name__)


class Dispatcher:
    """Sends due deliveries through their channels."""

    def __init__(self, uow_factory: Callable[[], NotificationsUnitOfWork], channels: Mapping[str, SendingChannel], *,
                 base_url: str, batch_size: int = 100, poll_seconds: float = 1.0, max_attempts: int = 5):
        self._uow = uow_factory
        self.channels = channels
        self._base_url = base_url.rstrip("/")
        self._batch = batch_size
        self._poll = poll_seconds
        self._max_attempts = max_attempts

    async def run(self) -> None:
        """The loop the runtime supervises."""
        while True:
            try:
                sent = await self.send_due()
            except Exception:  # noqa: BLE001 — retried at the next poll
                log.exception("dispatch failed")
                sent = 0
            if sent < self._batch:
                await asyncio.sleep(self._poll)

    async def send_due(self) -> int:
        """Send one batch of due deliveries; how many were attempted."""
        async with self._uow() as uow:
            due = await uow.messages.claim_due(uow.clock.now(), self._batch)
            for row in due:
                await self._send(uow, row)
            if due:
                await uow.commit()
        return len(due)

    async def _send(self, uow: NotificationsUnitOfWork, row) -> None:
        channel = self.channels.get(row.channel)
        message = Outgoing(row.address, row.title, f"【继教平台】{row.body}", f"{self._base_url}{row.link}")
        give_up = row.attempts + 1 >= self._max_attempts
        try:
            if channel is None:
                raise ChannelError(f"no channel {row.channel!r} configured")
            await channel.send(message)
        except ChannelError as error:
            metrics.messages_failed.labels(row.channel, str(give_up).lower()).inc()
            await uow.messages.mark_delivery(row.delivery_id, sent_at=None, error=str(error), give_up=give_up)
            return
        metrics.messages_sent.labels(row.channel).inc()
        await uow.messages.mark_delivery(row.delivery_id, sent_at=uow.clock.now(), error=None, give_up=False)
