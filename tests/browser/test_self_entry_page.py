"""The learner's self-entry page (seeds 000 and 001) on a phone: a Hangzhou learner enters
out-of-province learning with its one PDF, is refused next to 活动编号 for a number without
（国）, saves and submits it, sees it returned by the unit with the reason and both ways forward
(修改 and 重新录入), corrects it and submits again; a Jinjiang learner is offered ten categories."""

from __future__ import annotations

import httpx
import pytest

from cme_platform.testing.journeys import blank_pdf, ok

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
pytestmark = pytest.mark.timeout(600)


async def save(page) -> str:
    """Click 保存草稿 and return what the page answered: the field refused, or "saved"."""
    for _ in range(10):
        await page.click("#save")
        await page.wait_for_selector(".field-error, #report:not([hidden]), .form-error:not([hidden])")
        if await page.is_visible("#report"):
            return "saved"
        refused = await page.get_attribute(".field-error >> xpath=..", "data-field")
        if refused != "evidence" or "尚未上传成功" not in await page.inner_text(".field-error"):
            return refused  # the page already retried a file credits had not heard of; a slow broker may need more
        await page.wait_for_timeout(2000)
    raise AssertionError("the credits service never heard of the uploaded file")


async def test_a_zhejiang_learner_enters_out_of_province_learning_and_takes_a_returned_entry_forward(
        people, platform, clock, browser, shoot, tmp_path):
    year = clock.now().year
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "杭州市第一人民医院",
                                      {"jurisdiction": "zhejiang", "city_id": "330100"}, "330102")
        page = await people.page(who["id_number"], PHONE)
        await page.click("#new-credit")
        await page.wait_for_url("**/me/credits/new")
        main = await page.inner_text("main")
        assert "赴外省学习学分" in main and "统一扫描成一个PDF文件" in main and "国家CME项目学分查询结果截图" in main

        await page.fill("#f-project_name", "口腔正畸专科培训")
        await page.fill("#f-project_number", f"{year}-08-03-036")  # （国） left out
        await page.fill("#f-sponsor", "中华口腔医学会继续教育培训部")
        await page.select_option("#f-level", "national")
        await page.fill("#f-credits", "10")
        await page.fill("#f-hours", "30")
        await page.fill("#f-start_date", f"{year}-05-10")
        await page.fill("#f-end_date", f"{year}-05-16")
        proof = tmp_path / "学分证明.pdf"
        proof.write_bytes(blank_pdf())
        await page.set_input_files("#file-1", str(proof))
        await page.wait_for_selector("text=已上传：学分证明.pdf")
        assert await page.get_attribute("#file-1 ~ progress", "value") == "100"
        await shoot(page, "self-entry-01-zhejiang-form-390")

        assert await save(page) == "project_number"
        assert "（国）" in await page.inner_text("[data-field=project_number] .field-error")
        await shoot(page, "self-entry-02-refused-next-to-number-390")

        await page.fill("#f-project_number", f"{year}-08-03-036（国）")
        assert await save(page) == "saved"
        assert "已保存草稿" in await page.inner_text("#outcome")
        await page.click("#report")
        await page.wait_for_selector("#outcome >> text=已上报")
        await shoot(page, "self-entry-03-submitted-390")

        await page.goto("/me")
        assert await page.title() == "我的学分 - 继续医学教育学分平台"  # no script leaks into the title
        row = page.locator("tr", has_text="口腔正畸专科培训")
        assert "审核中" in await row.inner_text() and "赴外省学习学分" in await row.inner_text()

        [credit] = (await ok(await api.get("/api/credits", headers=who["learner"], params={"year": year})))["credits"]
        decided = await ok(await api.post("/api/credits/reviews", headers=who["admin"], json={
            "credit_ids": [credit["credit_id"]], "decision": "reject", "reason": "学时与学分证不一致，请按学分证填写"}))
        assert decided["results"][0]["ok"], decided

        await page.reload()
        fix = page.locator(f"#fix-{credit['credit_id']}")
        assert "退回原因：学时与学分证不一致" in await page.inner_text("main")
        assert "修改" in await fix.inner_text() and "重新录入" in await fix.inner_text()
        assert (
            await fix.locator("a", has_text="重新录入").get_attribute("href")
            == "/me/credits/new?category=out_of_province"
        )
        await fix.locator("summary").click()
        await shoot(page, "self-entry-04-returned-desk-390")
        await page.set_viewport_size(DESK)
        await shoot(page, "self-entry-05-returned-desk-1366")

        await fix.locator("input[name=hours]").fill("60")
        async with page.expect_navigation():
            await fix.locator("button[type=submit]").click()
        assert "已修改并重新上报" in await page.inner_text("main")
        assert "审核中" in await page.locator("tr", has_text="口腔正畸专科培训").first.inner_text()
        corrected = await ok(await api.get(f"/api/credits/{credit['credit_id']}", headers=who["learner"]))
        assert (corrected["hours"], corrected["status"]) == (60, "in_review")
        await page.context.close()


async def test_a_jinjiang_learner_is_offered_the_ten_categories_of_seed_001(people, platform, browser, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "成都市锦江区妇幼保健院", {
            "jurisdiction": "sichuan", "city_id": "510100", "district_id": "510104"}, "510104")
    page = await people.page(who["id_number"], PHONE)
    await page.goto("/me/credits/new")
    names = await page.locator("#categories li a").all_inner_texts()
    assert len(names) == 10 and {"区医学会Ⅱ类学分", "对口支援", "规培", "进修", "赴外省学习学分"} <= set(names)
    await shoot(page, "self-entry-06-jinjiang-categories-390")

    await page.click("text=区医学会Ⅱ类学分")
    assert "1学分=6学时" in await page.inner_text("[data-field=hours]")
    await page.goto("/me/credits/new?category=counterpart_support")
    assert await page.locator("input[type=file]").count() == 2
    assert "支援单位对派遣人的考核评价证明" in await page.inner_text("[data-field=evidence]")
    await page.goto("/me/credits/new?category=residency")
    for label in ("规培年限", "当前年度", "结业考核合格"):
        assert label in await page.inner_text("main")
    await shoot(page, "self-entry-07-jinjiang-residency-390")
    await page.set_viewport_size(DESK)
    await shoot(page, "self-entry-08-jinjiang-residency-1366")
    await page.context.close()
