"""The message centre on the learner's desk: a unit approves a learner's registration and
returns the learner's credit with a reason; the learner's desk shows the unread count in the
page shell and both messages in the list, on a phone and on a desktop, and the learner turns
on SMS with quiet hours."""

from __future__ import annotations

import httpx
import pytest

from cme_platform.testing.journeys import ok
from cme_platform.testing.services import eventually

REASON = "证书上的项目编号与国家级项目库不符"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
pytestmark = pytest.mark.timeout(600)




async def a_learner_told_twice(api: httpx.AsyncClient, people) -> str:
    """A Ningbo hospital approves its learner, who enters a credit the unit returns; the learner's ID number."""
    unit = await people.unit_with_learners(api, "宁波市第一医院本部", {"jurisdiction": "zhejiang", "city_id": "330200"},
                                           "330203", names=("王芳",))
    credit_id = await people.enter_and_submit(api, unit, "credit_proof", {
        "category": "out_of_province", "project_name": "口腔正畸专科培训", "project_number": "2021-08-03-036（国）",
        "sponsor": "中华口腔医学会继续教育培训部", "level": "national", "credits": 10, "hours": 30,
        "start_date": "2021-05-10", "end_date": "2021-05-16"}, name="王芳")
    await ok(await api.post("/api/credits/reviews", headers=unit["admin"], json={
        "credit_ids": [credit_id], "decision": "reject", "reason": REASON}))

    async def told():
        centre = await ok(await api.get("/api/notifications/mine", headers=unit["learner"]))
        return centre if centre["unread"] == 2 else None

    await eventually(told, timeout=60, interval=0.5)
    return unit["id_number"]


async def test_the_learners_desk_shows_the_unread_count_and_the_messages(people, platform, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        id_number = await a_learner_told_twice(api, people)
    for device, viewport in VIEWPORTS.items():
        page = await people.page(id_number, viewport, is_mobile=device == "phone", has_touch=device == "phone")
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
        await page.context.close()
