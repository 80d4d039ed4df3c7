"""Rate limits for public endpoints, counted in Redis so every replica shares them."""

from __future__ import annotations

import time

from fastapi import Request
from redis.asyncio import Redis

from cme_platform.errors import DomainError


class TooManyRequests(DomainError):
    """The caller asked too often; the details say when to try again."""

    status_code = 429


async def hit(redis: Redis, key: str, limit: int, window_seconds: int) -> int:
    """Count one request in the current fixed window; returns the count so far."""
    window = int(time.time() // window_seconds)
    bucket = f"ratelimit:{key}:{window}"
    async with redis.pipeline(transaction=True) as pipe:
        count, _ = await pipe.incr(bucket).expire(bucket, window_seconds * 2).execute()
    return int(count)


def rate_limited(name: str, limit: int, window_seconds: int = 60):
    """A FastAPI dependency allowing `limit` requests per client address per window."""

    async def check(request: Request) -> None:
        redis: Redis = request.app.state.runtime.redis
        client = request.headers.get("x-forwarded-for", request.client.host if request.client else "unknown")
        count = await hit(redis, f"{name}:{client.split(',')[0].strip()}", limit, window_seconds)
        if count > limit:
            raise TooManyRequests("rate_limited", f"查询过于频繁，请 {window_seconds} 秒后再试",
                                  limit=limit, window_seconds=window_seconds)

    return check
