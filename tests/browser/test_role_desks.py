"""Each staff role the provincial office opens lands on its own desk in the browser, and a
page outside the role's job is refused by the service that owns it."""

from __future__ import annotations

import random

import httpx
import pytest

PASSWORD = "RoleDesk2026"
pytestmark = pytest.mark.timeout(600)

DESKS = [
    ({"role": "city_office", "city_id": "320500"}, "地市继教主管部门工作台"),
    ({"role": "regulator"}, "监管方（只读）工作台"),
    ({"role": "remote_education"}, "远程教育学分导入"),
]


async def test_city_office_regulator_and_remote_institution_each_see_their_desk(platform, browser, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        signed = await api.post("/api/identity/sessions", json={"username": "js-admin", "password": "Jiangsu2026"})
        province = {"Authorization": f"Bearer {signed.json()['token']}"}
        context = await browser.new_context(viewport={"width": 390, "height": 844}, base_url=platform,
                                            locale="zh-CN", is_mobile=True, has_touch=True)
        page = await context.new_page()
        for fields, heading in DESKS:
            username = f"{fields['role']}-{random.randrange(10**6)}"
            opened = await api.post("/api/identity/accounts", headers=province, json={
                "username": username, "name": "苏州市卫健委" if fields["role"] == "city_office" else "江苏省审计",
                "password": PASSWORD, "jurisdiction": "jiangsu", **fields})
            assert opened.status_code == 201, opened.text
            await page.goto("/login")
            await page.fill("#username", username)
            await page.fill("#password", PASSWORD)
            await page.click("main button[type=submit]")
            await page.wait_for_url("**/me")
            assert heading in await page.inner_text("h1")
            await shoot(page, f"phone-desk-{fields['role']}")
            if fields["role"] == "regulator":
                # Read-only: the credits service refuses the regulator's review decision.
                refused = await page.evaluate("""async () => (await fetch('/api/credits/reviews', {method: 'POST',
                    headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({credit_ids: ['x'], decision: 'approve'})})).status""")
                assert refused == 403
            await page.click("header button")
        await context.close()
