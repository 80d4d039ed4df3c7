"""Each office role walks its own steps through the pages alone; the API sets up only what other
roles did before (a learner's entry, an owner's application, a staff account). On a phone and on
a desktop, with screenshots of each step:
- a Jinjiang credit goes up its whole chain on four desks: unit → 区医学会 → city → province;
- a hold application is confirmed on the unit's desk and approved on the province's, and the
  session then appears on the unit's desk for its execution report;
- a remote-education institution downloads its template from its page, fills it and uploads it,
  and reads each row's result there.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta

import httpx
import pytest
from openpyxl import load_workbook

from cme_identity.domain.codes import id_number_with_check_digit
from cme_platform.testing.journeys import blank_pdf, ok
from cme_platform.testing.services import eventually

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
JINJIANG = {"jurisdiction": "sichuan", "city_id": "510100", "district_id": "510104"}
NANJING = {"jurisdiction": "jiangsu", "city_id": "320100"}
pytestmark = pytest.mark.timeout(900)


async def approve_on_the_desk(page, shoot, name: str, credit_id: str) -> None:
    """Find the credit in the desk's queue, tick it, 批量通过, and see its row leave."""
    async def queued() -> bool:
        await page.goto("/me")
        return await page.locator(f"#row-{credit_id}").count() == 1

    await eventually(queued, timeout=60, interval=1)
    await shoot(page, f"walk-chain-{name}-queue")
    await page.check(f"#row-{credit_id} .pick")
    await page.click("button[data-decision=approve]")
    await page.wait_for_selector("#review-state >> text=完成：通过 1 条")
    assert await page.locator(f"#row-{credit_id}").count() == 0
    await page.context.close()


async def test_a_jinjiang_credit_climbs_its_chain_on_four_desks(people, platform, clock, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "成都市锦江区第三人民医院", JINJIANG, "510104")
        year = clock.now().year - 1  # last year's: this year's wait for the early-review window
        credit_id = await people.enter_and_submit(api, who, "scanned_document", {
            "category": "district_ii", "project_name": "锦江区医学会急救技能培训", "credits": 1, "hours": 6,
            "year": year})
        await approve_on_the_desk(await people.page(who["admin_username"], PHONE), shoot, "unit", credit_id)
        desks = [("district", "jj-district", "Jinjiang2026", DESK), ("city", "cd-city", "Chengdu2026", PHONE),
                 ("province", "sc-admin", "Sichuan2026", DESK)]
        for name, username, password, viewport in desks:
            await approve_on_the_desk(await people.page(username, viewport, password), shoot, name, credit_id)
        credit = await ok(await api.get(f"/api/credits/{credit_id}", headers=who["learner"]))
        assert credit["status"] == "approved"


async def project_owner(api: httpx.AsyncClient, people, who: dict) -> dict:
    """The unit's project owner (立项用户), registered and approved: their API headers."""
    number = id_number_with_check_digit(f"32010219750505{random.randrange(1000):03d}")
    account = await ok(await api.post("/api/identity/registrations", json={
        "org_code": who["unit"]["org_code"], "role": "project_owner", "id_number": number, "name": "吴主任",
        "phone": "13912345678", "password": "Owner2026ok"}))
    await ok(await api.post(f"/api/identity/accounts/{account['id']}/approve", headers=who["admin"]))
    return await people.sign_in(api, number, "Owner2026ok")


async def submitted_application(api: httpx.AsyncClient, owner: dict, clock) -> str:
    """What the project owner did on their own page (test_owner_forms): a project and a submitted application."""
    project = await ok(await api.post("/api/projects", headers=owner, json={
        "number": f"2026-05-01-{random.randrange(1000):03d} (国)", "name": "基层慢病管理培训班",
        "credit_class": "I", "credits": 2, "jurisdiction": "jiangsu", "sponsor": "南京市第一医院"}))
    files = {}
    for kind in ("meeting_notice", "schedule"):
        stored = await ok(await api.post("/api/evidence", headers=owner, content=blank_pdf(),
                                         params={"kind": kind, "filename": f"{kind}.pdf"}))
        files[kind] = stored["evidence_id"]
    day = (clock.now() + timedelta(days=7)).date().isoformat()
    application = await ok(await api.post(f"/api/projects/{project['id']}/hold-applications", headers=owner, json={
        "venue": "南京市第一医院学术报告厅", "expected_attendance": 120,
        "days": [{"day": day, "starts": "08:30", "ends": "17:00"}], "attachments": files}))

    async def submitted() -> bool:  # the files count once projects has heard they are stored
        answer = await api.post(f"/api/projects/hold-applications/{application['id']}/submit", headers=owner)
        return answer.status_code == 200

    await eventually(submitted, timeout=40, interval=0.5)
    return application["id"]


async def test_a_hold_application_is_confirmed_by_the_unit_and_approved_by_the_province(people, platform, clock,
                                                                                       shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "南京市第一医院", NANJING, "320102")
        owner = await project_owner(api, people, who)
        application_id = await submitted_application(api, owner, clock)

    unit = await people.page(who["admin_username"], PHONE)
    card = unit.locator("#applications")
    assert "基层慢病管理培训班" in await card.inner_text()
    await shoot(unit, "walk-hold-01-unit-confirms-390")
    async with unit.expect_navigation():
        await card.locator(f"form[action$='{application_id}/confirm'] button").click()
    assert "操作成功" in await unit.inner_text("main")

    province = await people.page("js-admin", DESK, "Jiangsu2026")
    form = province.locator(f"form[action$='{application_id}/approve']")
    await shoot(province, "walk-hold-02-province-approves-1366")
    async with province.expect_navigation():
        await form.locator("button").click()
    assert "操作成功" in await province.inner_text("main")
    await province.context.close()

    async def listed() -> bool:  # the session is opened by attendance once it hears of the approval
        await unit.goto("/me")
        return await unit.locator("#sessions a", has_text="基层慢病管理培训班").count() == 1

    await eventually(listed, timeout=60, interval=1)
    await shoot(unit, "walk-hold-03-unit-session-listed-390")
    await unit.click("#sessions a")  # its attendee list: nobody has come yet, so nobody can be reported
    await unit.click("#report button[type=submit]")
    assert await unit.inner_text("#report-state") == "请至少勾选一名学员"
    await shoot(unit, "walk-hold-04-unit-report-needs-someone-390")
    await unit.context.close()


async def test_a_remote_institution_imports_with_the_template_from_its_page(people, platform, shoot, tmp_path):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        province = await people.sign_in(api, "js-admin", "Jiangsu2026")
        username = f"remote-{random.randrange(10**6)}"
        await ok(await api.post("/api/identity/accounts", headers=province, json={
            "username": username, "name": "华医网", "password": "RemoteEdu2026", "role": "remote_education",
            "jurisdiction": "jiangsu"}))
        learner = await people.unit_with_learners(api, "南京市鼓楼医院", NANJING, "320106", names=("郑华",))
    page = await people.page(username, PHONE, "RemoteEdu2026", accept_downloads=True)
    async with page.expect_download() as download:
        await page.click("a:has-text('下载导入模板')")
    book = load_workbook(io.BytesIO((await (await download.value).path()).read_bytes()))
    sheet = book.active
    assert sheet["A1"].value == "身份证号" and sheet["F1"].value == "学分类别"
    example = [c.value for c in sheet[2]]  # the template's example row, filled in for two people
    sheet.delete_rows(2)
    wrong = learner["id_number"][:-1] + ("0" if learner["id_number"][-1] != "0" else "1")  # a mistyped check digit
    for number, name in ((learner["id_number"], "郑华"), (wrong, "钱多")):
        sheet.append([number, name, "南京市鼓楼医院", *example[3:-1], f"HY-{random.randrange(10**8)}"])
    filled = tmp_path / "华医网学分.xlsx"
    out = io.BytesIO()
    book.save(out)
    filled.write_bytes(out.getvalue())

    await page.set_input_files("#file", str(filled))
    await page.click("main button[type=submit]")
    await page.wait_for_selector("#result:not([hidden])")
    assert "已导入 1 行" in await page.inner_text("#counts") and "未导入 1 行" in await page.inner_text("#counts")
    refused = page.locator("#rows tr.refused")
    assert await refused.count() == 1 and "身份证" in await refused.inner_text()
    await shoot(page, "walk-remote-01-rows-390")
    await page.set_viewport_size(DESK)
    await shoot(page, "walk-remote-02-rows-1366")
    await page.context.close()
