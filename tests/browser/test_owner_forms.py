"""A project owner enters a national project and applies to hold a session from the page,
uploads the notice and schedule, and submits the application — all in the browser."""

from __future__ import annotations

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_platform.testing.journeys import blank_pdf

PASSWORD = "OwnerForm2026"
pytestmark = pytest.mark.timeout(600)



async def an_owner(api: httpx.AsyncClient) -> tuple[str, dict]:
    """An approved project owner of a new Jiangsu unit: username and API headers."""
    org_code = org_code_with_check_digit(f"{random.randrange(10**8):08d}")
    unit = await api.post("/api/identity/units", json={
        "org_code": org_code, "name": "南京鼓楼医院继教处", "jurisdiction": "jiangsu", "city_id": "320100",
        "admin_username": f"nj-{org_code}", "admin_password": PASSWORD, "admin_name": "科教科"})
    assert unit.status_code == 201, unit.text
    signed = await api.post("/api/identity/sessions", json={"username": f"nj-{org_code}", "password": PASSWORD})
    admin = {"Authorization": f"Bearer {signed.json()['token']}"}
    owner_id = id_number_with_check_digit(f"32010219750505{random.randrange(1000):03d}")
    account = await api.post("/api/identity/registrations", json={
        "org_code": org_code, "role": "project_owner", "id_number": owner_id, "name": "吴主任",
        "phone": "13912345678", "password": PASSWORD})
    assert (await api.post(f"/api/identity/accounts/{account.json()['id']}/approve", headers=admin)).status_code < 300
    signed = await api.post("/api/identity/sessions", json={"username": owner_id, "password": PASSWORD})
    return owner_id, {"Authorization": f"Bearer {signed.json()['token']}"}


async def test_owner_enters_a_national_project_and_applies_to_hold_it_from_the_page(platform, browser, shoot, clock,
                                                                                 tmp_path):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        owner_id, _ = await an_owner(api)
    files = {kind: tmp_path / name for kind, name in (("meeting_notice", "举办通知.pdf"), ("schedule", "会议日程.pdf"))}
    for path in files.values():
        path.write_bytes(blank_pdf())
    number = f"2026-14-02-{random.randrange(1000):03d}（国）"
    context = await browser.new_context(viewport={"width": 390, "height": 844}, base_url=platform, locale="zh-CN")
    page = await context.new_page()
    await page.goto("/login")
    await page.fill("#username", owner_id)
    await page.fill("#password", PASSWORD)
    await page.click("main button[type=submit]")
    await page.wait_for_url("**/me")

    await page.fill("#number", number)
    await page.fill("#name", "危重症护理进展学习班")
    await page.fill("#credits", "4")
    async with page.expect_navigation():
        await page.click("form[action='/me/projects'] button[type=submit]")
    assert f"已录入项目 {number}" in await page.inner_text("main")

    await page.select_option("#project_id", label=f"{number} 危重症护理进展学习班")
    await page.fill("#venue", "南京国际博览中心")
    await page.fill("#first_day", (clock.today(ZoneInfo("Asia/Shanghai")) + timedelta(days=30)).isoformat())
    await page.fill("#days", "2")
    await page.fill("#expected_attendance", "150")
    for kind, path in files.items():  # uploaded in place, with progress, as soon as chosen
        await page.set_input_files(f"#{kind}-file", str(path))
        await page.wait_for_selector(f"#{kind}-state:has-text('已上传：{path.name}')")
    await shoot(page, "owner-01-hold-application-form")
    async with page.expect_navigation():
        await page.click("form[action='/me/hold-applications'] button[type=submit]")
    assert "举办申请已保存" in await page.inner_text("main")
    assert "未上报" in await page.inner_text("main")

    for _ in range(30):  # as a person would: a file uploaded a moment ago may not be registered yet
        async with page.expect_navigation():
            await page.click("form[action$='/submit'] button[type=submit]")
        main = await page.inner_text("main")
        if "尚未登记完成" not in main:
            break
        await page.wait_for_timeout(1000)
    assert "操作成功" in main and "已提交" in main, main
    await shoot(page, "owner-02-hold-application-submitted")
    await context.close()
