"""One look everywhere (issues 13 and 15): the certificate pages and a learner's scan page wear
the portal's shell and work on a phone, and the office's charts carry their numbers."""

from __future__ import annotations

import httpx
import pytest

from cme_platform.testing.journeys import ok

pytestmark = pytest.mark.timeout(600)
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
JINJIANG = {"jurisdiction": "sichuan", "city_id": "510100", "district_id": "510104"}  # 四川省 成都市 锦江区

# Each chart's text as drawn on the screen: its size in px, and whether it is cut off by the
# drawing's edge (a label that runs outside its SVG is not shown).
CHART_TEXT = """() => [...document.querySelectorAll("figure.chart svg")].flatMap(svg => {
  const box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
            inside: r.left >= box.left - 1 && r.right <= box.right + 1};
  });
})"""


@pytest.mark.parametrize("device", VIEWPORTS)
async def test_the_certificate_pages_and_a_scan_page_wear_the_portal_shell(browser, platform, shoot, phone_problems,
                                                                         device):
    phone = device == "phone"
    context = await browser.new_context(viewport=VIEWPORTS[device], base_url=platform, locale="zh-CN",
                                        is_mobile=phone, has_touch=phone)
    page = await context.new_page()
    for path, name in (("/certificates/verify", "verify"), ("/certificates", "query"),
                       ("/certificates?project_number=2026-00-00-000&name=无此人", "query-nothing-found"),
                       ("/scan/in?t=not-a-code", "scan-refused")):
        await page.goto(path)
        assert await page.inner_text("header .brand") == "继续医学教育学分平台"
        assert await page.locator("header a[href='/']", has_text="返回首页").is_visible()
        assert await page.locator("header a[href='/me']", has_text="我的工作台").is_visible()
        await shoot(page, f"{device}-shell-{name}")
        if phone:
            assert await phone_problems(page) == [], path
    assert "二维码" in await page.inner_text("main")  # the scan page tells the learner why, in the shell
    await context.close()


@pytest.mark.parametrize("device", VIEWPORTS)
async def test_the_office_charts_show_their_numbers_and_readable_labels(people, platform, clock, shoot, phone_problems,
                                                                        device):
    year = clock.now().year - 1  # last year's credits: the regular review
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "成都市锦江区第三人民医院", JINJIANG, "510104")
        credits = [await people.enter_and_submit(api, who, "screenshot", {
            "category": "district_ii", "project_name": name, "credits": credits, "hours": 6 * credits, "year": year})
            for name, credits in (("锦江区医学会基层适宜技术培训", 2), ("锦江区医学会继续教育讲座", 1))]
        await ok(await api.post("/api/credits/reviews", headers=who["admin"],
                                json={"credit_ids": credits[:1], "decision": "approve"}))
    phone = device == "phone"
    page = await people.page(f"u-{who['unit']['org_code']}", VIEWPORTS[device], is_mobile=phone, has_touch=phone)
    await page.goto(f"/me?year={year}")
    charts = page.locator("#statistics figure.chart:has(svg)")  # the others say 暂无数据
    assert await charts.count() >= 3
    for index in range(await charts.count()):
        chart = charts.nth(index)
        assert await chart.locator("svg title").count() == 1 and await chart.locator("svg desc").count() == 1
        assert await chart.locator("details table tbody tr").count() >= 1
    await charts.first.locator("summary", has_text="查看数据").click()
    assert await charts.first.locator("table").is_visible()
    for text in await page.evaluate(CHART_TEXT):
        assert text["px"] >= 12 and text["inside"], text
    await page.locator("#statistics").scroll_into_view_if_needed()
    await shoot(page, f"{device}-office-charts")
    if phone:
        assert await phone_problems(page) == []
    await page.context.close()
