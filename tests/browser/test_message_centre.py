"""The message centre on the learner's desk: a unit approves a learner's registration and
returns the learner's credit with a reason; the learner's desk shows the unread count in the
page shell and both messages in the list, on a phone and on a desktop, and the learner turns
on SMS with quiet hours."""

from __future__ import annotations

import random

import httpx
import pytest

from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_platform.testing.journeys import blank_pdf, ok
from cme_platform.testing.services import eventually

PASSWORD = "Messages2026"
REASON = "证书上的项目编号与国家级项目库不符"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
pytestmark = pytest.mark.timeout(600)




async def sign_in(api: httpx.AsyncClient, username: str) -> dict:
    body = await ok(await api.post("/api/identity/sessions", json={"username": username, "password": PASSWORD}))
    return {"Authorization": f"Bearer {body['token']}"}


async def a_learner_told_twice(api: httpx.AsyncClient) -> str:
    """A Ningbo hospital approves its learner, who enters a credit the unit returns; the learner's ID number."""
    org_code = org_code_with_check_digit(f"{random.randrange(10**8):08d}")
    unit = await ok(await api.post("/api/identity/units", json={
        "org_code": org_code, "name": "宁波市第一医院本部", "jurisdiction": "zhejiang", "city_id": "330200",
        "admin_username": f"nb-{org_code}", "admin_password": PASSWORD, "admin_name": "科教科"}))
    admin = await sign_in(api, unit["admin"]["username"])
    id_number = id_number_with_check_digit(f"33020319900101{random.randrange(1000):03d}")
    account = await ok(await api.post("/api/identity/registrations", json={
        "org_code": org_code, "role": "learner", "id_number": id_number, "name": "王芳", "phone": "13700000000",
        "password": PASSWORD}))
    await ok(await api.post(f"/api/identity/accounts/{account['id']}/approve", headers=admin))
    learner = await sign_in(api, id_number)

    proof = await ok(await api.post("/api/evidence", headers=learner, content=blank_pdf(),
                                    params={"kind": "credit_proof", "filename": "学分证明.pdf"}))
    body = {"category": "out_of_province", "id_number": id_number, "name": "王芳", "project_name": "口腔正畸专科培训",
            "project_number": "2021-08-03-036（国）", "sponsor": "中华口腔医学会继续教育培训部", "level": "national",
            "credits": 10, "hours": 30, "start_date": "2021-05-10", "end_date": "2021-05-16",
            "evidence_ids": [proof["evidence_id"]]}

    async def entered():  # credits learns of the upload from the evidence service's event
        response = await api.post("/api/credits/entries", headers=learner, json=body)
        return response.json() if response.status_code == 201 else None

    credit = await eventually(entered, timeout=60, interval=0.5)
    await ok(await api.post("/api/credits/submissions", headers=learner, json={"credit_ids": [credit["credit_id"]]}))
    await ok(await api.post("/api/credits/reviews", headers=admin, json={
        "credit_ids": [credit["credit_id"]], "decision": "reject", "reason": REASON}))

    async def told():
        centre = await ok(await api.get("/api/notifications/mine", headers=learner))
        return centre if centre["unread"] == 2 else None

    await eventually(told, timeout=60, interval=0.5)
    return id_number


async def test_the_learners_desk_shows_the_unread_count_and_the_messages(platform, browser, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        id_number = await a_learner_told_twice(api)
    for device, viewport in VIEWPORTS.items():
        context = await browser.new_context(viewport=viewport, base_url=platform, locale="zh-CN",
                                            is_mobile=device == "phone", has_touch=device == "phone")
        page = await context.new_page()
        await page.goto("/login")
        await page.fill("#username", id_number)
        await page.fill("#password", PASSWORD)
        await page.click("main button[type=submit]")
        await page.wait_for_url("**/me")
        expected = "2" if device == "phone" else "1"  # the phone marks one read below
        assert await page.inner_text("#unread-count") == expected
        await shoot(page, f"{device}-messages-01-desk-badge")

        await page.click("#messages-link")
        await page.wait_for_url("**/me/messages")
        titles = await page.locator("#messages .message h2").all_inner_texts()
        assert [t.replace("未读", "").strip() for t in titles] == ["学分被退回", "注册已通过"], titles
        returned = page.locator("#messages .message").first
        assert REASON in await returned.inner_text() and id_number not in await page.inner_text("main")
        await shoot(page, f"{device}-messages-02-list")
        if device == "phone":
            await returned.locator("button", has_text="标为已读").click()
            await page.wait_for_url("**/me/messages?notice=*")
            assert await page.inner_text("#unread-count") == "1"
            await shoot(page, f"{device}-messages-03-one-read")
            await page.check("#preferences input[value=sms]")
            await page.fill("#phone", "13700000000")
            await page.fill("#quiet_start", "22:00")
            await page.fill("#quiet_end", "07:00")
            await page.click("#preferences button[type=submit]")
            await page.wait_for_url("**/me/messages?notice=*")
            assert "通知设置已保存" in await page.inner_text(".notice")
            assert await page.input_value("#quiet_start") == "22:00"
            await shoot(page, f"{device}-messages-04-preferences")
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], "the page must not scroll sideways on a phone"
        await context.close()
