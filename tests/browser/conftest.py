"""The whole platform for browser tests, started the way `make dev` starts it (the `cme-dev`
command: infrastructure, every service of devstack/dev_services.py, the front door) on free
ports, and Debian's chromium driven by Playwright.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import async_playwright

from cme_platform.clock import Clock, offset_to
from cme_platform.devstack.processes import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path("test-artifacts/browser")
READY_TIMEOUT = 240
# The stack's clock: 03:05 Beijing time, when a swipe three hours back lands on the day before
# (the hour at which this journey once failed). Every service and the tests read this clock.
STACK_STARTS_AT = datetime(2026, 12, 2, 3, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
STACK_CLOCK = Clock(offset_to(STACK_STARTS_AT))


def _wait_until_ready(process: subprocess.Popen, output: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        text = output.read_text(errors="replace") if output.exists() else ""
        if "ready in" in text:
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"make dev did not become ready; its output:\n{output.read_text(errors='replace')}")


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
def clock() -> Clock:
    """The clock every service of the browser tests' stack goes by."""
    return STACK_CLOCK


@pytest.fixture(scope="session")
def dev_folder(tmp_path_factory) -> Path:
    """Where the browser tests' `make dev` keeps its data, logs and keys."""
    return tmp_path_factory.mktemp("dev")


@pytest.fixture(scope="session")
def platform(dev_folder: Path) -> Iterator[str]:
    """`make dev`'s stack in its own data folder and ports; yields the front door's URL."""
    folder = dev_folder
    edge = free_port()
    env = dict(os.environ, CME_DEV_DATA_DIR=str(folder / "data"), CME_DEV_EDGE_PORT=str(edge),
               CME_CLOCK_OFFSET_SECONDS=str(STACK_CLOCK.offset.total_seconds()),
               **{f"CME_DEV_{name}_PORT": str(free_port()) for name in ("POSTGRES", "REDIS", "KAFKA", "S3")})
    env = {k: v for k, v in env.items() if not k.startswith("CME_INFRA")}
    output = folder / "cme-dev.log"
    with output.open("w") as sink:
        process = subprocess.Popen([str(Path(sys.executable).parent / "cme-dev")], env=env, stdout=sink,
                                   stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(process, output)
        yield f"http://127.0.0.1:{edge}"
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C does: every service and server stops
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
async def browser(chromium):
    """One headless chromium for the session."""
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
