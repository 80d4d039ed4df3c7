"""SMS and WeChat behind one interface.

`RecordingChannel` keeps what would have been sent (dev and tests read it); `GatewayChannel`
posts to the provider gateway an operator configures (`CME_SMS_GATEWAY_URL`,
`CME_WECHAT_GATEWAY_URL`). No provider is reachable from the development machines, so no
provider's own API is imitated here: the gateway is the operator's, with its token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import httpx

from cme_platform.clock import Clock


@dataclass(frozen=True)
class Outgoing:
    """One message as a channel sends it."""

    address: str  # phone number or WeChat openid
    title: str
    text: str
    link: str


class ChannelError(Exception):
    """The provider refused or could not be reached; the dispatcher retries, then gives up."""


class SendingChannel(Protocol):
    """What the dispatcher needs from a channel."""

    name: str

    async def send(self, message: Outgoing) -> None:
        """Send one message or raise ChannelError."""


@dataclass
class RecordingChannel:
    """Keeps every message it was asked to send, with when; sends nothing."""

    name: str
    sent: list[tuple[datetime | None, Outgoing]] = field(default_factory=list)
    clock: Clock | None = None

    async def send(self, message: Outgoing) -> None:
        self.sent.append((self.clock.now() if self.clock else None, message))

    def to(self, address: str) -> list[Outgoing]:
        """What was sent to one address."""
        return [message for _, message in self.sent if message.address == address]


class GatewayChannel:
    """Posts each message as JSON to the operator's provider gateway, with a bearer token."""

    def __init__(self, name: str, url: str, token: str, timeout: float = 5.0,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.name = name
        self._url = url
        self._client = httpx.AsyncClient(timeout=timeout, headers={"Authorization": f"Bearer {token}"},
                                         transport=transport)

    async def send(self, message: Outgoing) -> None:
        try:
            response = await self._client.post(self._url, json={
                "to": message.address, "title": message.title, "text": message.text, "link": message.link})
        except httpx.HTTPError as error:
            raise ChannelError(f"{self.name} gateway unreachable: {error}") from error
        if response.status_code >= 300:
            raise ChannelError(f"{self.name} gateway answered {response.status_code}: {response.text[:200]}")

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._client.aclose()
