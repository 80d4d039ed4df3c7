"""The whole platform for browser tests, started the way `make dev` starts it (the `cme-dev`
command: infrastructure, every service of devstack/dev_services.py, the front door) on free
ports, and Debian's chromium driven by Playwright.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import async_playwright

from cme_platform.clock import Clock
from cme_platform.testing.stack import Stack, dev_stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path("test-artifacts/browser")
# The stack's clock: 03:05 Beijing time, when a swipe three hours back lands on the day before
# (the hour at which this journey once failed). Every service and the tests read this clock.
STACK_STARTS_AT = datetime(2026, 12, 2, 3, 5, tzinfo=ZoneInfo("Asia/Shanghai"))


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
def clock(stack: Stack) -> Clock:
    """The clock every service of the browser tests' stack goes by."""
    return stack.clock


@pytest.fixture(scope="session")
def dev_folder(tmp_path_factory) -> Path:
    """Where the browser tests' `make dev` keeps its data, logs and keys."""
    return tmp_path_factory.mktemp("dev")


@pytest.fixture(scope="session")
def stack(dev_folder: Path) -> Iterator[Stack]:
    """`make dev`'s stack in its own data folder and ports, its clock at STACK_STARTS_AT."""
    with dev_stack(dev_folder, STACK_STARTS_AT) as running:
        yield running


@pytest.fixture(scope="session")
def platform(stack: Stack) -> str:
    """The front door's URL."""
    return stack.url


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
