"""In a real browser, through the front door: a unit registers, a learner registers and is
approved, signs in and reads the own pages; the public pages answer. Every page is kept as a
screenshot on a phone (390×844) and on a desktop."""

from __future__ import annotations

import random

import httpx
import pytest

from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit

PASSWORD = "Browser2026"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
pytestmark = pytest.mark.timeout(600)


@pytest.mark.parametrize("device", list(VIEWPORTS))
async def test_a_unit_and_its_learner_register_and_sign_in_in_the_browser(platform, browser, shoot, device):
    context = await browser.new_context(viewport=VIEWPORTS[device], base_url=platform, locale="zh-CN",
                                        is_mobile=device == "phone", has_touch=device == "phone")
    page = await context.new_page()
    org_code = org_code_with_check_digit(f"{random.randrange(10**8):08d}")
    id_number = id_number_with_check_digit(f"51010719900101{random.randrange(1000):03d}")

    await page.goto("/")
    assert await page.title() == "继续医学教育学分平台"
    await shoot(page, f"{device}-01-home")

    await page.goto("/register?kind=unit")
    await page.fill("#org_code", org_code)
    await page.fill("#name", "成都市锦江区中医医院")
    await page.select_option("#place", "sichuan:510100:510104")
    await page.fill("#admin_name", "科教科刘老师")
    await page.fill("#admin_username", f"jj-{org_code}")
    await page.fill("#admin_password", PASSWORD)
    await shoot(page, f"{device}-02-register-unit")
    await page.click("button[type=submit]")
    await page.wait_for_url("**/me?notice=*")
    assert "单位注册成功" in await page.inner_text(".notice")
    await page.click("header button")  # 退出

    await page.goto("/register")
    await page.fill("#org_code", org_code)
    await page.fill("#id_number", id_number)
    await page.fill("#name", "赵六")
    await page.fill("#phone", "13600000000")
    await page.fill("#password", PASSWORD)
    await shoot(page, f"{device}-03-register-person")
    await page.click("main button[type=submit]")
    await page.wait_for_selector("text=请等待所属单位审核")
    await shoot(page, f"{device}-04-registered")

    await page.goto("/login")
    await page.fill("#username", id_number)
    await page.fill("#password", PASSWORD)
    await page.click("main button[type=submit]")
    assert "等待所属单位审核" in await page.inner_text("[role=alert]")
    await shoot(page, f"{device}-05-login-pending")

    await page.fill("#username", f"jj-{org_code}")
    await page.fill("#password", PASSWORD)
    await page.click("main button[type=submit]")
    await page.wait_for_url("**/me")
    assert "待审核注册（1）" in await page.inner_text("#registrations")
    await shoot(page, f"{device}-06-unit-admin-desk")
    await page.click("#registrations button[value=approve]")
    assert "已通过 赵六 的注册申请" in await page.inner_text(".notice")
    await page.click("header button")

    await page.goto("/login")
    await page.fill("#username", id_number)
    await page.fill("#password", "WrongPass1")
    await page.click("main button[type=submit]")
    assert "用户名或密码错误" in await page.inner_text("[role=alert]")
    await page.fill("#password", PASSWORD)
    await page.click("main button[type=submit]")
    await page.wait_for_url("**/me")
    assert "我的学分" in await page.inner_text("h1")
    await shoot(page, f"{device}-07-learner-credits")
    async with httpx.AsyncClient(base_url=platform) as stranger:
        anonymous = await stranger.get("/api/identity/me")
        assert anonymous.status_code == 401, "the front door must not lend one visitor's sign-in to another"

    await page.goto(f"/query?id_number={id_number}")
    await shoot(page, f"{device}-08-public-credit-query")
    await page.goto("/projects")
    await shoot(page, f"{device}-09-public-project-query")
    await page.goto("/certificates")
    await shoot(page, f"{device}-10-certificate-query")
    if device == "phone":
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], "the page must not scroll sideways on a phone"
    await context.close()
