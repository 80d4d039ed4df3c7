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
