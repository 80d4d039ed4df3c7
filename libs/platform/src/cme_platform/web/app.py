"""The FastAPI app factory every service uses."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from cme_platform import logging as cme_logging
from cme_platform.addresses import parse_networks
from cme_platform.settings import WebSettings
from cme_platform.web import errors, openapi
from cme_platform.web.inputs import InputGuardMiddleware
from cme_platform.web.middleware import RequestContextMiddleware


class AppRuntime(Protocol):
    """What the app needs of a runtime: a service's `Runtime`, or the portal's `FrontendRuntime`."""

    @property
    def settings(self) -> WebSettings: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def readiness(self) -> dict[str, str]: ...


def service_app(runtime: AppRuntime, *, title: str, routers: Iterable[APIRouter] = ()) -> FastAPI:
    """An app with the service's routers plus /healthz, /readyz and /metrics.

    The runtime (relay, consumers, connections) starts with the app and stops with it;
    routes reach it as `request.app.state.runtime`.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        cme_logging.configure(runtime.settings.service_name, runtime.settings.log_level)
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.trusted_proxies = parse_networks(runtime.settings.trusted_proxies)
    app.add_middleware(InputGuardMiddleware)
    app.add_middleware(RequestContextMiddleware, service=runtime.settings.service_name)
    errors.install(app)
    app.include_router(_operations_router())
    for router in routers:
        app.include_router(router)
    openapi.install(app)
    return app


def _operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        """Readiness: every dependency of this service answers."""
        checks = await request.app.state.runtime.readiness()
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks}, status_code=200 if ready else 503
        )

    @router.get("/metrics")
    async def prometheus() -> Response:
        """Prometheus metrics of this process."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
