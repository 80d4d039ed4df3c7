"""Every portal form that hands its input to another service, refused on a phone: each problem is
said in Chinese under the field to fix (the field marked invalid), never in the framework's English.

One stack serves them all: the project owner's two forms, the message settings, the provincial and
district offices' tools, the remote-education upload and the learner's correction form (修改器).
"""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest

from cme_identity.domain.codes import id_number_with_check_digit
from cme_platform.testing.forms import assert_said_in_chinese
from cme_platform.testing.journeys import blank_pdf, ok

PHONE = {"width": 390, "height": 844}
PASSWORD = "Journey2026"  # of the accounts the `people` fixture makes
pytestmark = pytest.mark.timeout(300)


async def said_under(page, form: str, field: str) -> str:
    """The Chinese sentence under `field` of `form`, whose control is marked invalid."""
    error = page.locator(f"{form} [data-field={field}] .field-error")
    await error.first.wait_for()
    text = " ".join(await error.all_inner_texts())
    assert_said_in_chinese(text)
    assert await page.locator(f"{form} [data-field={field}] [aria-invalid=true]").count(), field
    return text


async def test_the_owners_forms_say_a_bad_number_and_reversed_times_under_their_fields(people, platform, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        unit = await people.unit_with_learners(api, "南京鼓楼医院", {"jurisdiction": "jiangsu", "city_id": "320100"},
                                               "320102")
        owner_id = id_number_with_check_digit(f"32010219750505{random.randrange(1000):03d}")
        account = await ok(await api.post("/api/identity/registrations", json={
            "org_code": unit["unit"]["org_code"], "role": "project_owner", "id_number": owner_id, "name": "吴主任",
            "phone": "13912345678", "password": PASSWORD}))
        await ok(await api.post(f"/api/identity/accounts/{account['id']}/approve", headers=unit["admin"]))
        owner = await people.sign_in(api, owner_id)
        await ok(await api.post("/api/projects", headers=owner, json={
            "number": f"2026-14-02-{random.randrange(1000):03d}（国）", "name": "危重症护理进展学习班",
            "credit_class": "I", "credits": 4}))
    page = await people.page(owner_id, PHONE)

    await page.fill("#number", "第一期")
    await page.fill("#name", "心电图判读学习班")
    await page.fill("#credits", "4")
    await page.click("form[action='/me/projects'] button[type=submit]")
    assert "格式不正确" in await said_under(page, "form[action='/me/projects']", "number")
    assert await page.input_value("#name") == "心电图判读学习班"  # what was typed is kept

    await page.fill("#venue", "南京国际博览中心")
    await page.fill("#first_day", "2027-03-01")
    await page.fill("#starts", "17:00")
    await page.fill("#ends", "08:30")
    await page.fill("#expected_attendance", "150")
    await page.click("#save-application")
    assert "结束时间应晚于开始时间" in await said_under(page, "form[action='/me/hold-applications']", "ends")
    assert await page.input_value("#venue") == "南京国际博览中心"
    # A day count the phone's own check would stop is said by the portal, which lays the days out.
    await page.eval_on_selector("#days", "e => e.removeAttribute('min')")
    await page.fill("#days", "0")
    await page.click("#save-application")
    assert "举办天数" in await said_under(page, "form[action='/me/hold-applications']", "days")
    await shoot(page, "bad-input-owner")
    await page.context.close()


async def test_the_message_settings_say_a_bad_phone_and_half_quiet_hours_under_them(people, platform, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        unit = await people.unit_with_learners(api, "宁波市第二医院", {"jurisdiction": "zhejiang", "city_id": "330200"},
                                               "330203")
    page = await people.page(unit["id_number"], PHONE)
    await page.goto("/me/messages")
    await page.fill("#phone", "12345")
    await page.click("#preferences button[type=submit]")
    await said_under(page, "#preferences", "phone")
    assert await page.input_value("#phone") == "12345"

    await page.fill("#phone", "13700000000")
    await page.fill("#quiet_start", "22:00")
    await page.click("#preferences button[type=submit]")
    assert "同时填写" in await said_under(page, "#preferences", "quiet_hours")
    await shoot(page, "bad-input-messages")
    await page.context.close()


async def test_the_office_tools_say_each_refusal_under_its_field(people, clock, shoot, tmp_path: Path):
    page = await people.page("sc-admin", PHONE, "Sichuan2026")
    await page.select_option("#acct-role", "city_office")
    await page.select_option("#acct-place", "sichuan:510700")
    await page.fill("#acct-name", "绵阳市卫生健康委员会")
    await page.fill("#acct-username", f"my-{random.randrange(10**6)}")
    await page.fill("#acct-password", "onlyletters")
    await page.click("#accounts button[type=submit]")
    assert "字母和数字" in await said_under(page, "#accounts", "password")

    listing = tmp_path / "名单.csv"
    listing.write_text("编号,名称\n1,基层护理培训班\n", encoding="utf-8")
    await page.set_input_files("#list-file", str(listing))
    await page.click("#imports button[type=submit]")
    assert "项目编号" in await said_under(page, "#imports", "file")

    await page.fill("#audit-year", "1980")
    await page.click("#audit button[type=submit]")
    await said_under(page, "#audit", "year")
    await shoot(page, "bad-input-office-tools")
    await page.context.close()

    district = await people.page("jj-district", PHONE, "Jinjiang2026")
    year = clock.now().year
    await district.fill("#er-year", str(year))
    await district.fill("#er-opens", f"{year}-10-14")
    await district.fill("#er-closes", f"{year}-09-24")
    await district.click("#early-review button[type=submit]")
    assert "晚于截止日期" in await said_under(district, "#early-review", "closes_on")
    await district.context.close()


async def test_the_remote_upload_says_a_wrong_file_under_the_file_input(people, platform, shoot, tmp_path: Path):
    username = f"remote-{random.randrange(10**6)}"
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        office = await people.sign_in(api, "sc-admin", "Sichuan2026")
        await ok(await api.post("/api/identity/accounts", headers=office, json={
            "role": "remote_education", "username": username, "name": "华医网", "password": PASSWORD,
            "jurisdiction": "sichuan"}))
    page = await people.page(username, PHONE)
    wrong_type = tmp_path / "学分.pdf"
    wrong_type.write_bytes(blank_pdf())
    await page.set_input_files("#file", str(wrong_type))
    await page.click("main form button[type=submit]")
    assert "CSV 或 XLSX" in await said_under(page, "main form", "file")

    columns = tmp_path / "学分.csv"
    columns.write_text("姓名\n王芳\n", encoding="utf-8")
    await page.set_input_files("#file", str(columns))
    await page.click("main form button[type=submit]")
    assert "身份证号" in await said_under(page, "main form", "file")
    await shoot(page, "bad-input-remote")
    await page.context.close()


async def test_the_correction_form_says_credits_out_of_range_under_the_credits(people, platform, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        unit = await people.unit_with_learners(api, "宁波市第三医院", {"jurisdiction": "zhejiang", "city_id": "330200"},
                                               "330203", ("王芳",))
        credit_id = await a_returned_credit(api, people, unit)
    page = await people.page(unit["id_number"], PHONE)
    await page.goto("/me?year=2021")  # the year of the returned credit
    form = f"form[data-credit='{credit_id}']"
    await page.click(f"#fix-{credit_id} summary")
    await page.fill(f"{form} [name=credits]", "30")
    await page.click(f"{form} button[type=submit]")
    await said_under(page, form, "credits")
    await shoot(page, "bad-input-correction")
    await page.context.close()


RETURNED_ENTRY = {
    "category": "out_of_province", "project_name": "口腔正畸专科培训", "project_number": "2021-08-03-036（国）",
    "sponsor": "中华口腔医学会继续教育培训部", "level": "national", "credits": 10, "hours": 30,
    "start_date": "2021-05-10", "end_date": "2021-05-16"}


async def a_returned_credit(api: httpx.AsyncClient, people, unit: dict) -> str:
    """An out-of-province credit the learner entered and the unit returned: its id."""
    credit_id = await people.enter_and_submit(api, unit, "credit_proof", RETURNED_ENTRY, name="王芳")
    await ok(await api.post("/api/credits/reviews", headers=unit["admin"], json={
        "credit_ids": [credit_id], "decision": "reject", "reason": "证书上的项目编号与国家级项目库不符"}))
    return credit_id
