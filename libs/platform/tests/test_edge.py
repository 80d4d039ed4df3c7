"""The front door routes by path prefix and streams bodies both ways."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Request

from cme_platform.edge import create_edge, parse_routes, upstream_for


class TestRoutes:
    def test_longest_prefix_wins_on_segment_boundaries(self):
        routes = parse_routes("/=http://portal:1,/api/credits=http://credits:2,/api=http://api:3")
        assert upstream_for(routes, "/api/credits/x") == "http://credits:2"
        assert upstream_for(routes, "/api/creditsx") == "http://api:3"
        assert upstream_for(routes, "/login") == "http://portal:1"

    def test_no_catch_all_means_no_route(self):
        assert upstream_for(parse_routes("/api/credits=http://c:2"), "/elsewhere") is None

    @pytest.mark.parametrize("spec", ["api=http://x:1", "/api=ftp://x", "/api"])
    def test_malformed_route_is_named(self, spec):
        with pytest.raises(ValueError, match="is not /prefix=http"):
            parse_routes(spec)


async def test_requests_reach_the_upstream_with_body_query_and_length():
    upstream = FastAPI()

    @upstream.post("/api/echo/{tail}")
    async def echo(tail: str, request: Request) -> dict:
        body = await request.body()
        return {"tail": tail, "q": request.query_params.get("q"), "size": len(body),
                "length": request.headers.get("content-length"), "forwarded": request.headers.get("x-forwarded-for")}

    edge = create_edge(parse_routes("/api/echo=http://upstream"))
    async with edge.router.lifespan_context(edge):
        await edge.state.client.aclose()  # the upstream is in-process: talk to it over ASGI instead
        edge.state.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=upstream))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=edge), base_url="http://edge") as client:
            answer = await client.post("/api/echo/a?q=学分", content=b"x" * 100_000)
            missing = await client.get("/nowhere")
    assert answer.status_code == 200
    assert answer.json() == {"tail": "a", "q": "学分", "size": 100_000, "length": "100000", "forwarded": "127.0.0.1"}
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "edge.no_route"


def _edge_before(upstream: FastAPI, client: tuple[str, int]) -> tuple[object, httpx.AsyncClient]:
    edge = create_edge(parse_routes("/=http://upstream"))
    return edge, httpx.AsyncClient(transport=httpx.ASGITransport(app=edge, client=client), base_url="http://edge")


async def _through(edge, upstream, send):
    async with edge.router.lifespan_context(edge):
        await edge.state.client.aclose()
        edge.state.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=upstream))
        return await send()


async def test_forwarded_headers_a_visitor_writes_are_replaced_by_the_address_it_really_comes_from():
    upstream = FastAPI()

    @upstream.get("/who")
    async def who(request: Request) -> dict:
        return {"for": request.headers.getlist("x-forwarded-for"), "real": request.headers.get("x-real-ip"),
                "host": request.headers.getlist("x-forwarded-host")}

    edge, visitor = _edge_before(upstream, ("198.51.100.5", 4000))
    forged = {"X-Forwarded-For": "1.2.3.4", "X-Real-IP": "1.2.3.4", "X-Forwarded-Host": "evil"}
    answer = await _through(edge, upstream, lambda: visitor.get("/who", headers=forged))
    assert answer.json() == {"for": ["198.51.100.5"], "real": None, "host": ["edge"]}


@pytest.mark.parametrize("path", ["/metrics", "/docs", "/openapi.json", "/redoc", "/readyz", "/metrics/"])
async def test_operations_routes_of_the_services_are_not_served_to_the_public(path):
    upstream = FastAPI()  # has /docs and /openapi.json of its own

    @upstream.get("/metrics")
    async def metrics() -> str:
        return "secret_total 1"

    @upstream.get("/readyz")
    async def readyz() -> str:
        return "ok"

    edge, visitor = _edge_before(upstream, ("198.51.100.6", 4000))
    answer = await _through(edge, upstream, lambda: visitor.get(path))
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "edge.no_route"
