"""The main journey in a real browser, through the front door, across every service: a
learner scans the venue QR code, registers and checks out with the questionnaire on a phone;
the provincial office approves the credit; the learner sees it and downloads the certificate;
a member of the public verifies it. The organizers' steps go through the same APIs."""

from __future__ import annotations

import asyncio
import random
from contextlib import ExitStack
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_platform.clock import Clock
from cme_platform.testing.journeys import blank_pdf, ok
from cme_platform.testing.services import eventually
from cme_platform.testing.stack import Stack, dev_stack

PASSWORD = "Journey2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SHANGHAI = ZoneInfo("Asia/Shanghai")
FORM = {"name": "孙七", "sex": "女", "age": "36", "phone": "13655556666", "unit": "苏州市立医院",
        "department": "急诊科", "unit_location": "苏州", "grassroots": "否", "title": "主管护师", "position": "护士长",
        "education": "本科"}
ANSWERS = {"q1": "是", "q2": "部分知道", "q3": "很大", "q4": "很好", "q5": "满意", "q6": "满意",
           "q7": ["开阔思路", "提高理论水平"]}
pytestmark = pytest.mark.timeout(900)




async def unit_admin_reports_on_the_page(browser, platform: str, shoot, who: dict, session_id: str) -> None:
    """执行情况上报 on the attendee list: the completers are ticked already, the deadline is shown."""
    context = await browser.new_context(viewport=PHONE, base_url=platform, locale="zh-CN")
    await context.add_cookies([{"name": "cme_token", "value": who["admin"]["Authorization"][7:], "url": platform}])
    page = await context.new_page()
    await page.goto("/me")
    await page.click("#sessions a")
    assert "还剩" in await page.inner_text("main")
    assert await page.is_checked(f".pick[value='{who['learner_id']}']")
    await shoot(page, "journey-05b-unit-execution-report")
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    await page.click("#report button[type=submit]")
    await page.wait_for_selector("#report-results:not([hidden])")
    assert "已完成规定学时" in await page.inner_text("#report-results")
    await shoot(page, "journey-05c-unit-execution-reported")
    await context.close()


async def sign_in(api: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict:
    body = await ok(await api.post("/api/identity/sessions", json={"username": username, "password": password}))
    return {"Authorization": f"Bearer {body['token']}"}


async def people(api: httpx.AsyncClient) -> dict:
    """A Suzhou hospital, its approved project owner and learner; the headers of each and of the province."""
    org_code = org_code_with_check_digit(f"{random.randrange(10**8):08d}")
    unit = await ok(await api.post("/api/identity/units", json={
        "org_code": org_code, "name": "苏州市立医院本部", "jurisdiction": "jiangsu", "city_id": "320500",
        "admin_username": f"sz-{org_code}", "admin_password": PASSWORD, "admin_name": "科教科"}))
    admin = await sign_in(api, unit["admin"]["username"])
    learner_id = id_number_with_check_digit(f"32050219880808{random.randrange(1000):03d}")
    owner_id = id_number_with_check_digit(f"32050219700101{random.randrange(1000):03d}")
    for role, number, name in (("project_owner", owner_id, "周主任"), ("learner", learner_id, FORM["name"])):
        account = await ok(await api.post("/api/identity/registrations", json={
            "org_code": org_code, "role": role, "id_number": number, "name": name, "phone": FORM["phone"],
            "password": PASSWORD}))
        await ok(await api.post(f"/api/identity/accounts/{account['id']}/approve", headers=admin))
    return {
        "admin": admin,
        "owner": await sign_in(api, owner_id),
        "province": await sign_in(api, "js-admin", "Jiangsu2026"),
        "learner_id": learner_id,
        "owner_id": owner_id,
    }


async def approved_session(api: httpx.AsyncClient, who: dict, clock: Clock) -> tuple[str, dict, datetime]:
    """A national project held today in a minute, approved; its session id, QR URLs and end time."""
    owner = who["owner"]
    project = await ok(await api.post("/api/projects", headers=owner, json={
        "number": f"2026-14-02-{random.randrange(1000):03d} (国)", "name": "急危重症护理新进展学习班",
        "credit_class": "I", "credits": 1, "jurisdiction": "jiangsu", "sponsor": "苏州市立医院本部"}))
    files = {}
    for kind in ("meeting_notice", "schedule"):
        stored = await ok(await api.post("/api/evidence", headers=owner, content=blank_pdf(),
                                         params={"kind": kind, "filename": f"{kind}.pdf"}))
        files[kind] = stored["evidence_id"]
    now = clock.now().astimezone(SHANGHAI).replace(microsecond=0)
    # Times are whole minutes: the session starts at the first full minute at least 40 s away
    # (time to submit before it starts, as the rules demand) and lasts one minute.
    starts = (now + timedelta(seconds=100)).replace(second=0)
    ends = starts + timedelta(minutes=1)
    # The doors opened hours ago: the venue's swipe reader recorded arrivals since then (uploaded later).
    window = {
        "opens_at": (now - timedelta(hours=4)).isoformat(),
        "closes_at": (now + timedelta(minutes=20)).isoformat(),
    }
    application = await ok(await api.post(f"/api/projects/{project['id']}/hold-applications", headers=owner, json={
        "venue": "苏州市立医院学术报告厅", "expected_attendance": 80, "qr_refresh_seconds": 600,
        "days": [{"day": str(starts.date()), "starts": starts.strftime("%H:%M"), "ends": ends.strftime("%H:%M")}],
        "check_in_window": window, "check_out_window": window, "attachments": files}))
    url = f"/api/projects/hold-applications/{application['id']}"

    async def submitted():
        response = await api.post(f"{url}/submit", headers=owner)
        if response.status_code == 200:
            return True
        # Until the evidence service's EvidenceStored reaches projects, the files count as not stored.
        assert response.json()["error"]["code"] == "hold_application.attachment_not_stored", response.text
        return False

    await eventually(submitted, timeout=40, interval=0.3)
    await ok(await api.post(f"{url}/confirm", headers=who["admin"]))
    session_id = (await ok(await api.post(f"{url}/approve", headers=who["province"])))["session_id"]

    async def details():
        response = await api.get(f"/api/attendance/sessions/{session_id}", headers=owner)
        return response.json() if response.status_code == 200 else None

    return session_id, await eventually(details, timeout=30), ends


async def swipe_records_arrive(api: httpx.AsyncClient, who: dict, session_id: str,
                               swipes: list[tuple[str, datetime]]) -> None:
    """The ID-card reader at the door (a device account of the unit) uploads its records afterwards."""
    device = await ok(await api.post("/api/identity/devices", headers=who["admin"],
                                     json={"client_id": f"reader-{session_id[:8]}", "name": "报告厅刷卡机"}))
    token = (await ok(await api.post("/api/identity/device-tokens", json={
        "client_id": device["client_id"], "secret": device["secret"]})))["token"]
    records = [{"session_id": session_id, "device_id": device["client_id"], "nonce": f"n-{n}",
                "id_number": who["learner_id"], "name": FORM["name"], "direction": direction,
                "scanned_at": moment.replace(microsecond=0).isoformat()}
               for n, (direction, moment) in enumerate(swipes)]
    result = await ok(await api.post("/api/attendance/scan-batches", headers={"Authorization": f"Bearer {token}"},
                                     json={"records": records}))
    assert result["refused"] == 0, result


def doors_opened(clock: Clock) -> datetime:
    """The learner swiped in 3 hours 10 minutes ago, so the national 3 hours for 1 credit are met."""
    return clock.now().astimezone(SHANGHAI) - timedelta(hours=3, minutes=10)


async def owner_sees_the_session(browser, platform: str, shoot, who: dict) -> None:
    """The owner's desk on a desktop: the approved application, the venue QR display, the attendee list."""
    context = await browser.new_context(viewport=DESKTOP, base_url=platform, locale="zh-CN")
    owner = await context.new_page()
    await owner.goto("/login")
    await owner.fill("#username", who["owner_id"])
    await owner.fill("#password", PASSWORD)
    await owner.click("main button[type=submit]")
    await owner.wait_for_url("**/me")
    assert "已通过" in await owner.inner_text("main")
    await shoot(owner, "journey-06a-owner-projects")
    await owner.click("text=会场二维码")
    await owner.wait_for_selector("svg, img")
    await shoot(owner, "journey-06b-owner-venue-qr")
    await owner.go_back()
    await owner.click("text=学员名单")
    await owner.wait_for_selector(f"text={FORM['name']}")
    await shoot(owner, "journey-06c-owner-attendee-list")
    await context.close()


async def fill(page, values: dict) -> None:
    """Fill a form by field names: radios and checkboxes by value, other fields by text."""
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            choice = page.locator(f"input[name='{name}'][value='{one}']")
            if await choice.count():
                await choice.check()
            elif await page.locator(f"[name='{name}']").count():
                await page.fill(f"[name='{name}']", one)


async def test_scan_check_out_approve_see_download_and_verify(platform, browser, shoot, clock, phone_problems):
    api = httpx.AsyncClient(base_url=platform, timeout=30)
    who = await people(api)
    session_id, session, ends = await approved_session(api, who, clock)
    learner_phone = await browser.new_context(viewport=PHONE, base_url=platform, locale="zh-CN", is_mobile=True,
                                              has_touch=True)
    phone = await learner_phone.new_page()

    await phone.goto(session["check_in_url"])
    await fill(phone, {"id_number": who["learner_id"], **FORM})
    assert await phone_problems(phone) == []
    await shoot(phone, "journey-01-phone-check-in-form")
    await phone.click("button[type=submit]")
    await phone.wait_for_selector("text=您的信息注册成功")
    await shoot(phone, "journey-02-phone-checked-in")

    await phone.goto(session["check_out_url"])
    await phone.fill("#phone", FORM["phone"])
    await phone.click("button[type=submit]")
    await phone.wait_for_selector(f"text={FORM['name']}")
    await shoot(phone, "journey-03-phone-confirm-identity")
    await phone.click("button[type=submit]")
    await fill(phone, ANSWERS)
    assert await phone_problems(phone) == []
    await shoot(phone, "journey-04-phone-questionnaire")
    await phone.click("button[type=submit]")
    await phone.wait_for_selector("text=离场确认成功")
    await shoot(phone, "journey-05-phone-checked-out")

    await swipe_records_arrive(api, who, session_id, [("in", doors_opened(clock))])
    await owner_sees_the_session(browser, platform, shoot, who)
    wait = (ends - clock.now()).total_seconds() + 1
    if wait > 0:
        await asyncio.sleep(wait)  # an execution report is accepted only after the session ended
    await unit_admin_reports_on_the_page(browser, platform, shoot, who, session_id)

    office = await (await browser.new_context(viewport=DESKTOP, base_url=platform, locale="zh-CN")).new_page()
    await office.goto("/login")
    await office.fill("#username", "js-admin")
    await office.fill("#password", "Jiangsu2026")
    await office.click("main button[type=submit]")
    await office.wait_for_url("**/me")

    async def queued():
        await office.goto("/me")
        return await office.locator(".pick").count() > 0

    await eventually(queued, timeout=60, interval=1)
    await shoot(office, "journey-06-province-review-queue")
    assert await office.inner_text("#queue td[data-label=学时]") != "—"  # attended hours, from the swipe and the scans
    await office.check("thead input[type=checkbox]")
    await office.click("button[data-decision=approve]")
    await office.wait_for_selector("text=完成：通过 1 条")
    assert await office.locator("#queue .pick").count() == 0  # the approved row leaves the screen
    await shoot(office, "journey-07-province-approved")

    await phone.goto("/login")
    await phone.fill("#username", who["learner_id"])
    await phone.fill("#password", PASSWORD)
    await phone.click("main button[type=submit]")
    await phone.wait_for_url("**/me")

    async def certified():
        await phone.goto("/me")
        return await phone.locator("#certificates a[download]").count() > 0

    await eventually(certified, timeout=60, interval=1)
    assert "已通过" in await phone.inner_text("main")
    await shoot(phone, "journey-08-phone-learner-credit-and-certificate")
    # The first download draws the PDF (issuing does not wait for it): on a loaded machine, more than 30 s.
    async with phone.expect_download(timeout=90_000) as download_info:
        await phone.click("#certificates a[download]")
    download = await download_info.value
    assert (await download.path()).read_bytes().startswith(b"%PDF")
    verify_url = await phone.get_attribute("#certificates a.secondary", "href")

    public = await (await browser.new_context(viewport=PHONE, base_url=platform, locale="zh-CN")).new_page()
    await public.goto(verify_url)
    await public.wait_for_selector("text=有效")
    assert await phone_problems(public) == []
    await shoot(public, "journey-09-public-verifies-certificate")
    await api.aclose()


# Either side of midnight, midday, and the last minute of the year (the session then runs into 2027).
CLOCKS = [datetime(2026, 12, 2, 0, 30, tzinfo=SHANGHAI), datetime(2026, 12, 2, 12, 0, tzinfo=SHANGHAI),
          datetime(2026, 12, 31, 23, 59, tzinfo=SHANGHAI)]


async def a_credit_at(stack: Stack) -> None:
    """Swipes, report, province approval and certificate through the APIs of a stack at its own clock."""
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as api:
        who = await people(api)
        arrived = doors_opened(stack.clock)
        session_id, _, ends = await approved_session(api, who, stack.clock)
        await asyncio.sleep(max(0.0, (ends - stack.clock.now()).total_seconds() + 1))
        await swipe_records_arrive(api, who, session_id, [("in", arrived), ("out", stack.clock.now())])
        report = await ok(await api.post(f"/api/attendance/sessions/{session_id}/execution-report",
                                         headers=who["admin"], json={"id_numbers": [who["learner_id"]]}))
        assert report["results"][0]["message"].startswith("已完成规定学时"), report

        async def queued():
            queue = (await ok(await api.get("/api/credits/queue", headers=who["province"])))["credits"]
            return [c["credit_id"] for c in queue if c["name"] == FORM["name"] and c["project_name"].startswith("急危")]

        credit_ids = await eventually(queued, timeout=60, interval=0.5)
        await ok(await api.post("/api/credits/reviews", headers=who["province"],
                                json={"credit_ids": credit_ids, "decision": "approve"}))
        learner = await sign_in(api, who["learner_id"])

        async def issued():
            return (await ok(await api.get("/api/certificates/mine", headers=learner)))["items"]

        (certificate,) = await eventually(issued, timeout=60, interval=0.5)
    local = datetime.fromisoformat(certificate["issued_at"]).astimezone(SHANGHAI)
    assert certificate["issued_on"] == f"{local.year}年{local.month}月{local.day}日", certificate
    assert certificate["year"] == ends.year, "the credit belongs to the year the session was held"


@pytest.mark.timeout(1200)
async def test_a_credit_from_swipes_to_certificate_at_any_hour(tmp_path):
    """The same journey on three more stacks, each at its own clock, two at a time."""
    # A third stack beside two running ones once took over a minute to start on two cores: at
    # most two stacks run, one starts at a time, and a journey mostly waits for its session to
    # end while the next stack starts. Stacks start and stop in a thread, so that the test
    # session's event loop keeps serving.
    running, starting = asyncio.Semaphore(2), asyncio.Lock()

    async def journey(n: int, clock: datetime) -> None:
        async with running:
            stacks = ExitStack()
            try:
                async with starting:
                    stack = await asyncio.to_thread(stacks.enter_context, dev_stack(tmp_path / f"{n}", clock))
                await a_credit_at(stack)
            finally:
                await asyncio.to_thread(stacks.close)

    await asyncio.gather(*(journey(n, clock) for n, clock in enumerate(CLOCKS)))
