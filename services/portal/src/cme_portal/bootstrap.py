"""Wiring of the portal: a runtime without data of its own, and the one HTTP client its pages call the
services with."""

from __future__ import annotations

from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from cme_platform.web.frontend import FrontendRuntime
from cme_portal.config import PortalSettings


def bootstrap(settings: PortalSettings) -> FrontendRuntime:
    """The runtime of one portal process."""
    return FrontendRuntime(settings)


def services_client(settings: PortalSettings, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The client every page's calls share (one connection pool), to the front door.

    It keeps no cookies: it calls for many people in turn, and identity answers a sign-in with a
    `cme_token` cookie that must reach only the person's browser (through the page), never the
    next person's call. Each call carries its person's token in its own header. Tests hand a
    `transport` that plays the front door."""
    refuse_all = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(base_url=settings.services_url, timeout=settings.api_timeout_seconds, cookies=refuse_all,
                             transport=transport)
