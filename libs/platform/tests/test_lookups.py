"""The budget of public look-ups by ID number: misses cost more the more an address misses,
and a global budget stops many addresses together (against real Redis)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI, Request
from redis.asyncio import Redis

from cme_platform.lookups import LookupBudget
from cme_platform.web import errors


@pytest.fixture
async def redis(infra):
    client = Redis.from_url(infra.redis_url)
    yield client
    await client.aclose()


def _lookup_app(redis: Redis, budget: LookupBudget, known: set[str]) -> FastAPI:
    app = FastAPI()
    app.state.runtime = SimpleNamespace(redis=redis)
    app.state.trusted_proxies = ()
    errors.install(app)

    @app.get("/lookup")
    async def lookup(request: Request, id_number: str) -> dict:
        await budget.admit(request)
        found = id_number in known
        await budget.record(request, found)
        return {"found": found}

    return app


def _client(app: FastAPI, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 1)), base_url="http://t")


async def _tries(client: httpx.AsyncClient, numbers) -> list[int]:
    return [(await client.get("/lookup", params={"id_number": n})).status_code for n in numbers]


async def test_each_miss_costs_one_more_point_than_the_last_so_guessing_runs_out_quickly(redis):
    budget = LookupBudget(f"t{uuid.uuid4().hex[:6]}", per_minute=1000, hourly_points=20, global_misses_per_hour=1000)
    async with _client(_lookup_app(redis, budget, set()), "198.51.100.1") as guesser:
        answers = await _tries(guesser, (f"guess{n}" for n in range(10)))
    # points after each miss: 2, 5, 9, 14, 20 — the sixth try is refused
    assert answers == [200] * 5 + [429] * 5


async def test_someone_looking_up_known_numbers_spends_one_point_each(redis):
    budget = LookupBudget(f"t{uuid.uuid4().hex[:6]}", per_minute=1000, hourly_points=20, global_misses_per_hour=1000)
    async with _client(_lookup_app(redis, budget, {"mine"}), "198.51.100.2") as owner:
        answers = await _tries(owner, ["mine"] * 21)
    assert answers == [200] * 20 + [429]


async def test_many_addresses_together_are_stopped_by_the_global_budget_of_misses(redis):
    budget = LookupBudget(f"t{uuid.uuid4().hex[:6]}", per_minute=1000, hourly_points=1000, global_misses_per_hour=6)
    app = _lookup_app(redis, budget, {"mine"})
    for n in range(3):
        async with _client(app, f"198.51.100.{10 + n}") as one_of_many:
            assert await _tries(one_of_many, ["a", "b"]) == [200, 200]
    async with _client(app, "198.51.100.20") as anyone:
        refused = await anyone.get("/lookup", params={"id_number": "mine"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "lookup.global_budget"
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600


async def test_a_refusal_says_when_to_come_back_in_the_platform_shape(redis):
    budget = LookupBudget(f"t{uuid.uuid4().hex[:6]}", per_minute=2, hourly_points=1000, global_misses_per_hour=1000)
    async with _client(_lookup_app(redis, budget, {"mine"}), "198.51.100.30") as hurried:
        answers = [await hurried.get("/lookup", params={"id_number": "mine"}) for _ in range(3)]
    refused = answers[2]
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and "请稍后再试" in error["message"]
    assert error["details"]["retry_after_seconds"] == int(refused.headers["Retry-After"])
