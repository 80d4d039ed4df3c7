"""Per-request trace context and metrics."""

from __future__ import annotations

import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cme_platform import context, metrics


class RequestContextMiddleware:
    """Sets the trace context from the request headers, times the request, counts it.

    `X-Correlation-ID` is taken or made up and echoed back; a W3C `traceparent` header
    continues the caller's trace, so events published while handling the request carry it.
    """

    def __init__(self, app: ASGIApp, service: str):
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        correlation = headers.get("x-correlation-id") or str(uuid.uuid4())
        traceparent = context.new_traceparent(headers.get("traceparent"))
        token = context.use(context.TraceContext(correlation, f"request:{correlation}", traceparent))
        status = {"code": 500}
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", []).append((b"x-correlation-id", correlation.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            context.reset(token)
            route = scope.get("route")
            path = getattr(route, "path", "unmatched")
            metrics.http_requests.labels(self.service, scope["method"], path, status["code"]).inc()
            metrics.http_seconds.labels(self.service, scope["method"], path).observe(time.perf_counter() - started)
