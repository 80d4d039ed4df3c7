"""Rate limits, counted in Redis so every replica shares them.

Every refusal is a 429 with `Retry-After` (seconds until the window that refused ends) and the
platform's error body; addresses come from `client_address`, never from a header directly.
"""

from __future__ import annotations

import time

from fastapi import Request
from redis.asyncio import Redis

from cme_platform.addresses import client_address
from cme_platform.errors import DomainError


class TooManyRequests(DomainError):
    """The caller asked too often; `retry_after` (seconds) becomes the Retry-After header."""

    status_code = 429

    def __init__(self, code: str, message: str, *, retry_after: int, **details):
        super().__init__(code, message, retry_after_seconds=retry_after, **details)
        self.retry_after = retry_after


def seconds_left(window_seconds: int) -> int:
    """Seconds until the current fixed window ends (at least 1)."""
    return max(1, int(window_seconds - time.time() % window_seconds))


def _bucket(key: str, window_seconds: int) -> str:
    return f"ratelimit:{key}:{int(time.time() // window_seconds)}"


async def hit(redis: Redis, key: str, limit: int, window_seconds: int, cost: int = 1) -> int:
    """Add `cost` to the current fixed window of `key`; returns the total so far."""
    bucket = _bucket(key, window_seconds)
    async with redis.pipeline(transaction=True) as pipe:
        # A pipeline's commands are queued as they are called, and answered together by execute().
        pipe.incrby(bucket, cost)
        pipe.expire(bucket, window_seconds * 2)
        count, _ = await pipe.execute()
    return int(count)


async def spent(redis: Redis, key: str, window_seconds: int) -> int:
    """What `key` has used of its current window, without adding to it."""
    return int(await redis.get(_bucket(key, window_seconds)) or 0)


def refuse(code: str, message: str, window_seconds: int, **details) -> TooManyRequests:
    """The 429 for a window that is used up."""
    return TooManyRequests(code, message, retry_after=seconds_left(window_seconds),
                           window_seconds=window_seconds, **details)


def rate_limited(name: str, limit: int, window_seconds: int = 60):
    """A FastAPI dependency allowing `limit` requests per client address per window."""

    async def check(request: Request) -> None:
        redis: Redis = request.app.state.runtime.redis
        if await hit(redis, f"{name}:{client_address(request)}", limit, window_seconds) > limit:
            raise refuse("rate_limited", "查询过于频繁，请稍后再试", window_seconds, limit=limit)

    return check
