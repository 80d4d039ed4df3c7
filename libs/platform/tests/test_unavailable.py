"""While PostgreSQL or the broker is unreachable every service answers 503 in the platform's
error shape with Retry-After, never a plain-text 500."""

from __future__ import annotations

import httpx
from aiokafka.errors import KafkaConnectionError
from fastapi import APIRouter, Request
from sqlalchemy import text

from cme_platform.devstack.processes import free_port
from cme_platform.runtime import Runtime
from cme_platform.settings import ServiceSettings
from cme_platform.web import service_app

router = APIRouter()


@router.get("/rows")
async def rows(request: Request) -> dict:
    async with request.app.state.runtime.engine.connect() as connection:
        return {"n": (await connection.execute(text("select 1"))).scalar_one()}


@router.get("/publish")
async def publish() -> dict:
    raise KafkaConnectionError("Unable to bootstrap from [('127.0.0.1', 1)]")


@router.get("/bug")
async def bug() -> dict:
    raise KeyError("a programming error")


def app_with_dead_database():
    dead = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nothing"
    settings = ServiceSettings(service_name="unavailable-test", database_url=dead,
                               kafka_bootstrap_servers="127.0.0.1:1")
    return service_app(Runtime(settings), title="test", routers=[router])


async def get(path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app_with_dead_database(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get(path)


async def test_an_unreachable_database_answers_503_with_retry_after_in_the_error_shape():
    answer = await get("/rows")
    assert answer.status_code == 503
    assert int(answer.headers["Retry-After"]) > 0
    error = answer.json()["error"]
    assert error["code"] == "service.unavailable" and "稍后重试" in error["message"]
    assert error["details"]["dependency"] == "database"


async def test_an_unreachable_broker_answers_503_naming_it():
    answer = await get("/publish")
    assert answer.status_code == 503 and answer.json()["error"]["details"]["dependency"] == "kafka"


async def test_a_bug_is_still_a_500_but_in_the_error_shape():
    answer = await get("/bug")
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "internal.error"
