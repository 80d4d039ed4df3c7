"""The front door: one URL for every page and API, routing by path prefix.

`make dev` runs it on port 8080; deploy/ runs the same image behind the Ingress or in
compose, so a learner's phone never needs to know which service answers. Bodies stream
through in both directions (uploads of up to 50 MB are never held whole in memory).
"""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from cme_platform.addresses import client_address, parse_networks
from cme_platform.settings import HttpServerSettings, load_settings
from cme_platform.web.server import uvicorn_options

# Content-Length passes through on purpose: a service can refuse an oversized upload
# before reading a byte of it.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host"}
# What a client says about where it comes from is replaced, never passed on: services believe
# these headers because they come from the edge.
FORWARDED = {"x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "forwarded"}
# Each service's operations routes (metrics, readiness, its API documents) are for operators
# on the service's own port, not for the public.
INTERNAL_PATHS = {"/metrics", "/readyz", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}


class EdgeSettings(HttpServerSettings):
    """The edge's settings: CME_EDGE_ROUTES, CME_EDGE_TRUSTED_PROXIES and the HTTP server's."""

    http_port: int = 8080
    edge_routes: str = ""
    # Empty: the edge is the first hop. Behind an Ingress or load balancer, list its addresses.
    edge_trusted_proxies: str = ""


def parse_routes(spec: str) -> list[tuple[str, str]]:
    """`/api/projects=http://h:1,/scan=http://h:2` → [(prefix, upstream)], longest prefix first."""
    routes = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        prefix, sep, upstream = item.partition("=")
        if not sep or not prefix.startswith("/") or not upstream.startswith("http"):
            raise ValueError(f"route {item!r} is not /prefix=http://host:port")
        routes.append((prefix.rstrip("/") or "/", upstream.rstrip("/")))
    return sorted(routes, key=lambda r: len(r[0]), reverse=True)


def upstream_for(routes: list[tuple[str, str]], path: str) -> str | None:
    """The upstream whose prefix matches path on a segment boundary."""
    for prefix, upstream in routes:
        if prefix == "/" or path == prefix or path.startswith(prefix + "/"):
            return upstream
    return None


def create_edge(routes: list[tuple[str, str]], trusted_proxies: str = "") -> Starlette:
    """The proxy app for a route table."""

    @asynccontextmanager
    async def lifespan(app: Starlette):
        # The proxy is shared by every visitor, so it must keep no cookies of its own: a default
        # client would store one person's Set-Cookie (the sign-in token) and send it for everyone.
        app.state.client = httpx.AsyncClient(timeout=httpx.Timeout(60, connect=5), follow_redirects=False,
                                             cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])))
        yield
        await app.state.client.aclose()

    async def proxy(request: Request):
        upstream = upstream_for(routes, request.url.path)
        if upstream is None or request.url.path.rstrip("/") in INTERNAL_PATHS:
            return JSONResponse({"error": {"code": "edge.no_route", "message": "找不到该页面"}}, status_code=404)
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP | FORWARDED]
        headers += [("x-forwarded-for", client_address(request)), ("x-forwarded-host", request.headers.get("host", "")),
                    ("x-forwarded-proto", request.url.scheme)]
        outgoing = request.app.state.client.build_request(
            request.method, upstream + request.url.path, params=request.url.query or None,
            headers=headers, content=request.stream(),
        )
        try:
            answer = await request.app.state.client.send(outgoing, stream=True)
        except httpx.TransportError:
            return JSONResponse(
                {"error": {"code": "edge.upstream_unavailable", "message": "服务暂时不可用，请稍后再试"}},
                status_code=502,
            )
        kept = {k: v for k, v in answer.headers.multi_items() if k.lower() not in HOP_BY_HOP}
        return StreamingResponse(answer.aiter_raw(), status_code=answer.status_code, headers=kept,
                                 background=BackgroundTask(answer.aclose))

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    app = Starlette(
        routes=[Route("/healthz", healthz), Route("/{path:path}", proxy, methods=methods)], lifespan=lifespan
    )
    app.state.trusted_proxies = parse_networks(trusted_proxies)
    return app


def main() -> None:
    """`cme-edge`: routes from CME_EDGE_ROUTES, listening on CME_HTTP_HOST:CME_HTTP_PORT."""
    settings = load_settings(EdgeSettings)
    try:
        routes = parse_routes(settings.edge_routes)
        parse_networks(settings.edge_trusted_proxies)
    except ValueError as error:
        print(f"configuration error — CME_EDGE_ROUTES / CME_EDGE_TRUSTED_PROXIES: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    if not routes:
        print("configuration error — CME_EDGE_ROUTES: 缺少必填配置 (missing)", file=sys.stderr)
        raise SystemExit(2)
    uvicorn.run(create_edge(routes, settings.edge_trusted_proxies), log_level="warning", **uvicorn_options(settings))
