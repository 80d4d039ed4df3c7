"""What a service answers to input it cannot take: an unknown address (a Chinese page for people,
the platform's error shape for systems), a field in the wrong form (said in Chinese), and dates
as people write them (read)."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter

from cme_platform.runtime import Runtime
from cme_platform.settings import ServiceSettings
from cme_platform.web import service_app
from cme_platform.web.inputs import WrittenDate

router = APIRouter()


@router.post("/api/things")
async def things() -> dict:
    return {}


async def _get(path: str, **headers: str) -> httpx.Response:
    settings = ServiceSettings(service_name="paths-test", database_url="postgresql+asyncpg://u@127.0.0.1:1/x",
                               kafka_bootstrap_servers="127.0.0.1:1")
    transport = httpx.ASGITransport(app=service_app(Runtime(settings), title="test", routers=[router]))
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get(path, headers=headers)


async def test_a_system_asking_for_an_unknown_address_gets_the_error_shape_in_chinese():
    answer = await _get("/api/nothing-here")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "http.404"
    assert "找不到" in answer.json()["error"]["message"] and "detail" not in answer.json()


async def test_a_wrong_method_is_named_in_the_same_shape():
    answer = await _get("/api/things")
    assert (answer.status_code, answer.json()["error"]["code"]) == (405, "http.405")


async def test_a_person_in_a_browser_gets_a_chinese_page_with_a_way_home():
    answer = await _get("/no-such-page", accept="text/html,application/xhtml+xml")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "找不到该页面" in answer.text and 'href="/"' in answer.text and 'lang="zh-CN"' in answer.text


@router.post("/api/amounts")
async def amounts(body: dict[str, int]) -> dict:
    return body


async def test_a_field_that_is_not_a_number_is_named_with_its_problem_in_chinese():
    settings = ServiceSettings(service_name="paths-test", database_url="postgresql+asyncpg://u@127.0.0.1:1/x",
                               kafka_bootstrap_servers="127.0.0.1:1")
    transport = httpx.ASGITransport(app=service_app(Runtime(settings), title="test", routers=[router]))
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        answer = await client.post("/api/amounts", json={"credits": "四"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "request.invalid"
    assert error["details"]["fields"][0]["problem"] == "应为整数"
    assert "credits（应为整数）" in error["message"]


@router.post("/api/dates")
async def dates(body: dict[str, WrittenDate]) -> dict:
    return {k: v.isoformat() for k, v in body.items()}


@pytest.mark.parametrize(("typed", "read"), [
    ("2021年5月1日", "2021-05-01"), ("２０２１年５月１日", "2021-05-01"), ("2021/5/1", "2021-05-01"),
    ("2021.05.01", "2021-05-01"), ("2021-05-01", "2021-05-01"),
])
async def test_a_date_as_people_write_it_is_read(typed, read):
    settings = ServiceSettings(service_name="paths-test", database_url="postgresql+asyncpg://u@127.0.0.1:1/x",
                               kafka_bootstrap_servers="127.0.0.1:1")
    transport = httpx.ASGITransport(app=service_app(Runtime(settings), title="test", routers=[router]))
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        answer = await client.post("/api/dates", json={"start_date": typed})
    assert answer.json() == {"start_date": read}
