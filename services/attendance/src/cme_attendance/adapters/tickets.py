"""Form tickets and nonce memory in Redis, shared by every replica."""

from __future__ import annotations

import json
import logging
import secrets
from datetime import datetime

from redis.asyncio import Redis
from redis.exceptions import RedisError

from cme_attendance.domain.session import Ticket
from cme_contracts.events.common import Direction

NONCE_MEMORY_SECONDS = 7 * 24 * 3600
log = logging.getLogger(__name__)


class TicketStore:
    """A ticket proves a valid QR scan happened at a time; it is taken once (replay protection)."""

    def __init__(self, redis: Redis, ttl_seconds: int):
        self._redis = redis
        self._ttl = ttl_seconds

    async def issue(self, session_id: str, direction: Direction, phone_id: str, scanned_at: datetime) -> Ticket:
        """A new ticket for a verified scan."""
        ticket = Ticket(secrets.token_urlsafe(16), session_id, direction, phone_id, scanned_at)
        value = {"session_id": session_id, "direction": direction.value, "phone_id": phone_id,
                 "scanned_at": scanned_at.isoformat()}
        await self._redis.set(self._key(ticket.ticket_id), json.dumps(value), ex=self._ttl)
        return ticket

    async def peek(self, ticket_id: str) -> Ticket | None:
        """The ticket if it is still open (a form shown again with errors keeps it)."""
        raw = await self._redis.get(self._key(ticket_id))
        return self._ticket(ticket_id, raw)

    async def take(self, ticket_id: str) -> Ticket | None:
        """The ticket, closed atomically: a replayed form post finds nothing."""
        raw = await self._redis.getdel(self._key(ticket_id))
        return self._ticket(ticket_id, raw)

    @staticmethod
    def _key(ticket_id: str) -> str:
        return f"attendance:ticket:{ticket_id}"

    @staticmethod
    def _ticket(ticket_id: str, raw: bytes | str | None) -> Ticket | None:
        if raw is None:
            return None
        value = json.loads(raw)
        return Ticket(ticket_id, value["session_id"], Direction(value["direction"]), value["phone_id"],
                      datetime.fromisoformat(value["scanned_at"]))


class NonceMemory:
    """Nonces already recorded, so a retried upload is answered without touching PostgreSQL.

    Written only after the database commit: PostgreSQL's unique key stays the authority, and
    a nonce remembered here was really stored. Being only a shortcut, it steps aside while Redis
    is away (nothing seen, nothing noted) rather than stop the ingest.
    """

    def __init__(self, redis: Redis):
        self._redis = redis

    async def seen(self, keys: list[tuple[str, str, str]]) -> list[bool]:
        """For each (session, device, nonce), whether it was recorded."""
        if not keys:
            return []
        try:
            values = await self._redis.mget([self._key(k) for k in keys])
        except RedisError as error:
            log.warning("nonce memory unavailable, asking PostgreSQL: %s", error)
            return [False] * len(keys)
        return [value is not None for value in values]

    async def remember(self, keys: list[tuple[str, str, str]]) -> None:
        """Note recorded nonces for a week (uploads arrive late, but not that late)."""
        if not keys:
            return
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.set(self._key(key), 1, ex=NONCE_MEMORY_SECONDS)
                await pipe.execute()
        except RedisError as error:
            log.warning("nonce memory unavailable, %d nonces not noted: %s", len(keys), error)

    @staticmethod
    def _key(key: tuple[str, str, str]) -> str:
        return "attendance:nonce:" + ":".join(key)
