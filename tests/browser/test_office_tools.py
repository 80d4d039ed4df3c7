"""The provincial office's tools in the browser: it opens a staff account, imports a project list
and sees each refused row, draws an audit sample; the district office sets its early-review window."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(600)
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.mark.parametrize("device", VIEWPORTS)
async def test_the_provincial_office_opens_an_account_imports_a_list_and_draws_a_sample(
        people, clock, shoot, device, tmp_path: Path):
    page = await people.page("sc-admin", VIEWPORTS[device], "Sichuan2026", is_mobile=device == "phone",
                             has_touch=device == "phone")
    username = f"my-city-{random.randrange(10**6)}"
    await page.select_option("#acct-role", "city_office")
    await page.select_option("#acct-place", "sichuan:510700")
    await page.fill("#acct-name", "绵阳市卫生健康委员会")
    await page.fill("#acct-username", username)
    await page.fill("#acct-password", "Mianyang2026")
    await page.click("#accounts button[type=submit]")
    await page.wait_for_selector(f"#acct-result:has-text('{username}')")

    year = clock.now().year
    listing = tmp_path / "项目公布名单.csv"
    listing.write_text("序号,项目编号,项目名称,主办单位,项目负责人,协办单位,举办日期,学分\n"
                       f"1,{year}510301{random.randrange(1000):03d} (省),基层护理培训班,四川省人民医院,李华,,"
                       f"{year}年5月10日-5月11日,省级II类2分\n"
                       f"2,{year}510301999 (省),缺日期的项目,四川省人民医院,李华,,,省级II类2分\n", encoding="utf-8")
    await page.set_input_files("#list-file", str(listing))
    await page.click("#imports button[type=submit]")
    await page.wait_for_selector("#list-result:has-text('未导入 1 行')")
    assert "举办日期" in await page.inner_text("#list-problems")

    await page.fill("#audit-year", str(year - 1))
    await page.click("#audit button[type=submit]")
    await page.wait_for_selector("#audit-result:has-text('抽取')")
    await shoot(page, f"{device}-office-tools")

    unknown = await page.goto("/no-such-page")
    assert unknown.status == 404 and "找不到该页面" in await page.inner_text("h1")


async def test_the_district_office_sets_the_early_review_window_of_its_district(people, clock, shoot):
    page = await people.page("jj-district", VIEWPORTS["phone"], "Jinjiang2026", is_mobile=True, has_touch=True)
    assert await page.inner_text("#er-place") == "成都市锦江区"
    year = clock.now().year
    await page.fill("#er-year", str(year))
    await page.fill("#er-opens", f"{year}-09-24")
    await page.fill("#er-closes", f"{year}-10-14")
    await page.click("#early-review button[type=submit]")
    await page.wait_for_selector("#er-result:has-text('已保存')")
    await shoot(page, "phone-district-early-review")
