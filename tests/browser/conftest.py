"""The whole platform for browser tests, started the way `make dev` starts it (the `cme-dev`
command: infrastructure, every service of devstack/dev_services.py, the front door) on free
ports, and Debian's chromium driven by Playwright.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.async_api import async_playwright

from cme_contracts import jurisdictions
from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_platform.clock import Clock
from cme_platform.credentials.signing import Signer, multikey
from cme_platform.testing.journeys import blank_pdf, ok
from cme_platform.testing.services import eventually
from cme_platform.testing.stack import Stack, dev_stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path("test-artifacts/browser")
PASSWORD = "Journey2026"  # of the units and people journeys register
# The stack's clock: 03:05 Beijing time, when a swipe three hours back lands on the day before
# (the hour at which this journey once failed). Every service and the tests read this clock.
STACK_STARTS_AT = datetime(2026, 12, 2, 3, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
OTHER_PLATFORM = """
[credits.trusted_issuers.other_platform]
name = "安徽省继续医学教育平台"
issuer = "{did}"
levels = {{ "国家级" = "national", "省级" = "provincial" }}
classes = {{ "Ⅰ类" = "I", "Ⅱ类" = "II" }}
"""


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
def other_platform(tmp_path_factory) -> Iterator[Signer]:
    """The signer of another province's platform that Zhejiang trusts in the browser tests' stack: a
    did:key issuer on Zhejiang's trust list (a rule file laid over the package's, as an operator
    would add one), so a journey can present a certificate signed elsewhere."""
    key = Ed25519PrivateKey.generate()
    folder = tmp_path_factory.mktemp("trust")
    original = (Path(jurisdictions.__file__).parent / "zhejiang.toml").read_text(encoding="utf-8")
    did = f"did:key:{multikey(key.public_key())}"
    (folder / "zhejiang.toml").write_text(original + OTHER_PLATFORM.format(did=did), encoding="utf-8")
    before = os.environ.get("CME_JURISDICTIONS_DIRS")
    os.environ["CME_JURISDICTIONS_DIRS"] = ":".join(p for p in (before, str(folder)) if p)
    yield Signer(key, f"{did}#{multikey(key.public_key())}")
    if before is None:
        os.environ.pop("CME_JURISDICTIONS_DIRS")
    else:
        os.environ["CME_JURISDICTIONS_DIRS"] = before


@pytest.fixture(scope="session")
def stack(dev_folder: Path, other_platform) -> Iterator[Stack]:
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


# What a page must be on a phone (issue 15), as problems found: fields as wide as the content
# (main's box, less a card's padding at most), touch targets of 44 px, a way back to the
# portal's front page, and no sideways scrolling.
PHONE_PROBLEMS = """() => {
  const problems = [], main = document.querySelector("main"), style = getComputedStyle(main);
  const content = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const shown = selector => [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length);
  const name = e => e.id || e.name || e.textContent.trim().slice(0, 12);
  const inputs = "main input:not([type=checkbox]):not([type=radio]):not([type=hidden])";
  for (const field of shown(`${inputs}, main select, main textarea`)) {
    const width = field.getBoundingClientRect().width;
    if (width < 0.9 * content) problems.push(`field ${name(field)} is ${width}px wide of ${content}px`);
  }
  for (const target of shown("button, .button, input[type=submit], header a")) {
    const height = target.getBoundingClientRect().height;
    if (height < 44) problems.push(`${name(target)} is ${height}px tall`);
  }
  if (!shown("a[href='/']").length) problems.push("no link back to the portal's front page");
  if (document.documentElement.scrollWidth > innerWidth) problems.push("the page scrolls sideways");
  return problems;
}"""


@pytest.fixture
def phone_problems():
    """What keeps a page from being used on a phone (PHONE_PROBLEMS); an empty list when nothing does."""

    async def check(page) -> list[str]:
        return await page.evaluate(PHONE_PROBLEMS)

    return check


class People:
    """Accounts a journey needs, made through the front door's APIs and pages as people make them."""

    def __init__(self, platform: str, browser):
        self.platform, self.browser = platform, browser

    @staticmethod
    async def sign_in(api: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict:
        """The API headers of a signed-in account."""
        body = await ok(await api.post("/api/identity/sessions", json={"username": username, "password": password}))
        return {"Authorization": f"Bearer {body['token']}"}

    async def unit_with_learners(self, api: httpx.AsyncClient, name: str, place: dict, birth_place: str,
                                 names: tuple[str, ...] = ("刘洋",)) -> dict:
        """A unit registered at `place` (jurisdiction, city_id, district_id) and its learners, approved by
        the unit; the first learner is signed in."""
        org_code = org_code_with_check_digit(f"{random.randrange(10**8):08d}")
        unit = await ok(await api.post("/api/identity/units", json=place | {
            "org_code": org_code, "name": name, "admin_username": f"u-{org_code}", "admin_password": PASSWORD,
            "admin_name": "科教科"}))
        admin = await self.sign_in(api, unit["admin"]["username"])
        numbers = [id_number_with_check_digit(f"{birth_place}19880808{random.randrange(1000):03d}") for _ in names]
        for number, person in zip(numbers, names, strict=True):
            account = await ok(await api.post("/api/identity/registrations", json={
                "org_code": org_code, "role": "learner", "id_number": number, "name": person,
                "phone": "13655556666", "password": PASSWORD}))
            await ok(await api.post(f"/api/identity/accounts/{account['id']}/approve", headers=admin))
        return {"unit": unit["unit"], "admin": admin, "admin_username": unit["admin"]["username"],
                "learner": await self.sign_in(api, numbers[0]),
                "id_number": numbers[0], "people": dict(zip(names, numbers, strict=True))}

    @staticmethod
    async def enter_and_submit(api: httpx.AsyncClient, who: dict, kind: str, entry: dict, name: str = "刘洋") -> str:
        """A credit the first learner of `who` (named `name`) enters with a one-page proof of `kind`, and
        submits for review."""
        proof = await ok(await api.post("/api/evidence", headers=who["learner"], content=blank_pdf(),
                                        params={"kind": kind, "filename": "学分证明.pdf"}))
        body = entry | {"id_number": who["id_number"], "name": name, "evidence_ids": [proof["evidence_id"]]}

        async def entered():
            answer = await api.post("/api/credits/entries", headers=who["learner"], json=body)
            return answer.json() if answer.status_code == 201 else None  # until credits has seen the file stored

        credit_id = (await eventually(entered))["credit_id"]
        await ok(await api.post("/api/credits/submissions", headers=who["learner"], json={"credit_ids": [credit_id]}))
        return credit_id

    async def page(self, username: str, viewport: dict, password: str = PASSWORD, **options):
        """A browser page signed in on the login page as `username`, on its desk."""
        context = await self.browser.new_context(viewport=viewport, base_url=self.platform, locale="zh-CN", **options)
        page = await context.new_page()
        await page.goto("/login")
        await page.fill("#username", username)
        await page.fill("#password", password)
        await page.click("main button[type=submit]")
        await page.wait_for_url("**/me")
        return page


@pytest.fixture
def people(platform: str, browser) -> People:
    """Makes the units, learners and signed-in pages a journey needs."""
    return People(platform, browser)
