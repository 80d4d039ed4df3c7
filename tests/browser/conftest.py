"""The whole platform for browser tests: every service of `make dev`'s table behind the front
door, on free ports of this machine, and Debian's chromium driven by Playwright.

The services are the same apps `make dev` runs (devstack/dev_services.py decides which, with
which extra settings and routes), each in this process with its own migrated database, on
the real PostgreSQL, Kafka protocol, Redis and S3 of the `infra` fixture.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import shutil
import socket
import subprocess
from pathlib import Path

import httpx
import pytest
import uvicorn

from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.keys import dev_keys
from cme_platform.edge import create_edge
from cme_platform.settings import ServiceSettings
from cme_platform.testing.services import eventually, migrated_database, settings_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path("test-artifacts/browser")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings_class(package: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{package}.config")
    found = [v for v in vars(module).values()
             if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings]
    return found[0]


def _overrides(env: dict[str, str], keys: dict[str, str]) -> dict[str, str]:
    """`CME_FOO_BAR` entries of the dev table as settings fields (`foo_bar`), keys filled in."""
    return {name.removeprefix("CME_").lower(): value.format(**keys) for name, value in env.items()}


async def _serve(app, port: int) -> tuple[uvicorn.Server, asyncio.Task]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on"))
    task = asyncio.create_task(server.serve())
    return server, task


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium (Playwright's own download does not work here), installed when missing."""
    if not os.path.exists(CHROMIUM) and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium", "fonts-wqy-microhei"], check=False,
                       capture_output=True, timeout=900)
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing and could not be installed: run `apt-get install -y chromium`")
    return CHROMIUM


@pytest.fixture(scope="session")
async def platform(infra, tmp_path_factory) -> str:
    """Every service and the front door; yields the front door's URL."""
    keys = dev_keys(tmp_path_factory.mktemp("keys"))
    edge_port = _free_port()
    edge_url = f"http://127.0.0.1:{edge_port}"
    servers, routes, upstreams = [], [], []
    for service in SERVICES:
        package = service.package
        port = _free_port()
        settings = settings_for(
            infra, _settings_class(package), await migrated_database(infra, package),
            jwt_public_key=keys["jwt_public"], public_base_url=edge_url, http_port=port,
            **_overrides(service.env, keys))
        app = importlib.import_module(f"{package}.entrypoints.app").create_app(settings)
        servers.append(await _serve(app, port))
        upstreams.append(f"http://127.0.0.1:{port}")
        routes += [(route.rstrip("/") or "/", f"http://127.0.0.1:{port}") for route in service.routes]
    routes.sort(key=lambda r: len(r[0]), reverse=True)
    servers.append(await _serve(create_edge(routes), edge_port))

    async with httpx.AsyncClient() as client:
        for upstream in upstreams:
            async def ready(url=f"{upstream}/readyz"):
                try:
                    return (await client.get(url)).status_code == 200
                except httpx.HTTPError:
                    return False
            await eventually(ready, timeout=60, interval=0.3)
    yield edge_url
    for server, _ in servers:
        server.should_exit = True
    await asyncio.gather(*(task for _, task in servers), return_exceptions=True)


@pytest.fixture(scope="session")
async def browser(chromium):
    """One headless chromium for the session."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        await instance.close()


@pytest.fixture
def shoot():
    """Saves a full-page screenshot into test-artifacts/browser/ and returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    async def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        await page.screenshot(path=str(path), full_page=True)
        return path

    return take
