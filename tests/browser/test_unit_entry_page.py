"""单位统一录入 (seed 001 一(一)) through the pages alone: a Jinjiang unit admin enters one 区医学会Ⅱ类
activity for three of the unit's people, is told next to 学时 that the hours do not match the
credits, corrects them, sees the one person who had already entered it refused on that person's
row and the other two saved, and reports the two."""

from __future__ import annotations

import httpx
import pytest

from cme_platform.testing.journeys import blank_pdf, ok
from cme_platform.testing.services import eventually

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
pytestmark = pytest.mark.timeout(600)
ACTIVITY = {"category": "district_ii", "project_name": "锦江区医学会院感防控培训", "credits": 2, "hours": 12}


async def entered_by_the_learner(api: httpx.AsyncClient, who: dict, year: int) -> None:
    """刘洋 entered the activity himself before the unit did (with his own proof)."""
    stored = await ok(await api.post("/api/evidence", headers=who["learner"], content=blank_pdf(),
                                     params={"kind": "scanned_document", "filename": "学分证明.pdf"}))
    body = ACTIVITY | {"year": year, "id_number": who["id_number"], "name": "刘洋",
                       "evidence_ids": [stored["evidence_id"]]}

    async def entered() -> bool:  # the credits service hears of the file over the broker
        answer = await api.post("/api/credits/entries", headers=who["learner"], json=body)
        assert answer.status_code in (201, 422), answer.text
        return answer.status_code == 201

    await eventually(entered, timeout=60, interval=1)


async def save(page) -> None:
    """Click 保存草稿 until the credits service has heard of the file just uploaded."""
    for _ in range(10):
        await page.click("#save")
        await page.wait_for_selector(".field-error, #outcome:not([hidden]), .form-error:not([hidden])")
        errors = await page.locator(".field-error").all_inner_texts()
        if not any("尚未上传成功" in e for e in errors):
            return
        await page.wait_for_timeout(2000)
    raise AssertionError("the credits service never heard of the uploaded file")


async def test_a_unit_enters_one_activity_for_its_people_and_reports_them(people, platform, clock, shoot, tmp_path):
    year = clock.now().year - 1  # last year's credits: this year's wait for the early-review window
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "成都市锦江区第二人民医院", {
            "jurisdiction": "sichuan", "city_id": "510100", "district_id": "510104"}, "510104",
            names=("刘洋", "陈静", "王芳"))
        await entered_by_the_learner(api, who, year)

        page = await people.page(who["admin_username"], PHONE)
        await page.click("text=单位统一录入学分")
        await page.click("text=区医学会Ⅱ类学分")
        assert "参加人员（本单位已注册学员 3 人）" in await page.inner_text("[data-field=people]")

        await page.fill("#f-project_name", ACTIVITY["project_name"])
        await page.fill("#f-credits", "2")
        await page.fill("#f-hours", "6")
        await page.fill("#f-year", str(year))
        proof = tmp_path / "签到表.pdf"
        proof.write_bytes(blank_pdf())
        await page.set_input_files("#file-1", str(proof))
        await page.wait_for_selector("text=已上传：签到表.pdf")
        await page.click("#save")
        assert "请至少勾选一名参加人员" in await page.inner_text("[data-field=people] .field-error")
        await page.fill("#find", "陈")
        await page.check("#pick-all")
        assert await page.inner_text("#picked") == "1"  # only the one the filter shows
        await page.fill("#find", "")
        await page.check("#pick-all")
        assert await page.inner_text("#picked") == "3"
        await shoot(page, "unit-entry-01-form-390")

        await save(page)
        assert "学时" in await page.inner_text("[data-field=hours] .field-error")  # everyone's reason, at its field
        await shoot(page, "unit-entry-02-hours-refused-390")

        await page.fill("#f-hours", "12")
        await save(page)
        assert "已保存 2 人的学分草稿，1 人未能录入" in await page.inner_text("#outcome")
        refused = page.locator("#results tr", has_text="刘洋")
        assert "不能重复录入" in await refused.inner_text()
        assert await page.locator("#results td.refused").count() == 1
        await page.click("#report")
        await page.wait_for_selector("#outcome >> text=已上报 2 条")
        assert await page.locator("#results td", has_text="已上报，审核中").count() == 2
        await shoot(page, "unit-entry-03-reported-390")
        await page.set_viewport_size(DESK)
        await shoot(page, "unit-entry-04-reported-1366")
        await page.context.close()

        listed = (await ok(await api.get("/api/credits", headers=who["admin"], params={"year": year})))["credits"]
        assert sorted(c["name"] for c in listed if c["status"] == "in_review") == sorted(["陈静", "王芳"])
        assert [c["status"] for c in listed if c["name"] == "刘洋"] == ["draft"]  # his own, not doubled
