"""The budget of public look-ups by a guessable key (an ID number), against enumeration.

An ID number has a known shape (region, birth date, serial, check digit), so a list of
candidates is easy to make; what makes walking it costly is what a miss costs. The rule,
per client address within one clock hour:

- every query costs 1 point, and a miss costs as many more points as there were misses
  before it this hour (the k-th miss costs k + 1), out of `hourly_points`;
- at most `per_minute` queries a minute;
- a global budget of misses an hour across all addresses, so that many addresses together
  cannot walk the list either: once it is spent, look-ups answer 429 until the hour ends.

Every refusal is a 429 with Retry-After. Someone looking up their own number spends 1 point.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from redis.asyncio import Redis

from cme_platform.addresses import client_address
from cme_platform.ratelimit import hit, refuse, spent

HOUR = 3600
BUSY = "查询过于频繁，请稍后再试"


@dataclass(frozen=True)
class LookupBudget:
    """The limits of one public look-up (name it for its Redis keys)."""

    name: str
    per_minute: int
    hourly_points: int
    global_misses_per_hour: int

    async def admit(self, request: Request) -> None:
        """Refuse (429) before the query when a budget is spent; counts the query."""
        redis, who = _redis(request), client_address(request)
        if await spent(redis, f"{self.name}:misses", HOUR) >= self.global_misses_per_hour:
            raise refuse("lookup.global_budget", "查询人数过多，请稍后再试", HOUR)
        if await spent(redis, f"{self.name}:points:{who}", HOUR) >= self.hourly_points:
            raise refuse("lookup.hourly_budget", "本小时查询次数已用完，请稍后再试", HOUR, limit=self.hourly_points)
        if await hit(redis, f"{self.name}:minute:{who}", self.per_minute, 60) > self.per_minute:
            raise refuse("rate_limited", BUSY, 60, limit=self.per_minute)
        await hit(redis, f"{self.name}:points:{who}", self.hourly_points, HOUR)

    async def record(self, request: Request, found: bool) -> None:
        """After the query: a miss costs the address more the more it has missed, and counts globally."""
        if found:
            return
        redis, who = _redis(request), client_address(request)
        misses = await hit(redis, f"{self.name}:misses:{who}", self.hourly_points, HOUR)
        await hit(redis, f"{self.name}:points:{who}", self.hourly_points, HOUR, cost=misses)
        await hit(redis, f"{self.name}:misses", self.global_misses_per_hour, HOUR)


def _redis(request: Request) -> Redis:
    return request.app.state.runtime.redis
