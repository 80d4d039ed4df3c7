"""学分达标证明 in a real browser on `make dev`'s stack: a Jinjiang learner downloads their transcript
(JSON presentation, Excel) from the desk, then chooses the year, the
5-year rule's staff level and what to show, downloads the PDF and the credential; a promotion
committee verifies the PDF on the public verify page and opens the link its QR code carries;
after the province revokes one of the credits, the same link shows it revoked and the proof changed."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cme_platform.testing.journeys import ok
from cme_platform.testing.services import eventually

pytestmark = pytest.mark.timeout(600)
JINJIANG = {"jurisdiction": "sichuan", "city_id": "510100", "district_id": "510104"}  # 四川省 成都市 锦江区
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
ARTIFACTS = Path("test-artifacts/browser")


async def approved_credits(api: httpx.AsyncClient, people, who: dict, year: int) -> list[str]:
    """Two district class II credits of the learner, through Jinjiang's four review levels, with certificates."""
    offices = (("jj-district", "Jinjiang2026"), ("cd-city", "Chengdu2026"), ("sc-admin", "Sichuan2026"))
    reviewers = [who["admin"], *[await people.sign_in(api, user, password) for user, password in offices]]
    credit_ids = [await people.enter_and_submit(api, who, "screenshot", {
        "category": "district_ii", "project_name": name, "credits": 2, "hours": 12, "year": year})
        for name in ("锦江区医学会基层适宜技术培训", "锦江区医学会继续教育讲座")]
    for headers in reviewers:
        await ok(await api.post("/api/credits/reviews", headers=headers,
                                json={"credit_ids": credit_ids, "decision": "approve"}))

    async def certificates():
        items = (await ok(await api.get("/api/certificates/mine", headers=who["learner"])))["items"]
        return len(items) == 2

    await eventually(certificates, timeout=120)
    return credit_ids


def qr_link(pdf: bytes) -> str:
    """The address under the proof's QR code (the same string the code is drawn from)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert len(links) == 1, links
    return str(links[0])


async def test_a_learner_proves_compliance_and_a_committee_sees_a_revoked_credit_live(
        people, platform, clock, browser, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        who = await people.unit_with_learners(api, "成都市锦江区第二人民医院", JINJIANG, "510104")
        year = clock.now().year - 1
        credit_ids = await approved_credits(api, people, who, year)

        page = await people.page(who["id_number"], PHONE)
        await transcript_downloads(page)
        await page.locator("#proofs").screenshot(path=str(ARTIFACTS / "proof-00-desk-390.png"))
        await page.click("#new-proof")
        await page.uncheck(f"input[name=years][value='{clock.now().year}']")
        await page.check(f"input[name=years][value='{year}']")
        await page.check("input[name=staff_level][value=tertiary_hospital]")
        await page.check("input[name=show][value=id_number]")
        assert await people_can_use(page)
        await shoot(page, "proof-01-form-390")
        await page.set_viewport_size(DESKTOP)
        await shoot(page, "proof-01-form-1366")
        await page.set_viewport_size(PHONE)
        await page.click("#proof-form button[type=submit]")
        await page.wait_for_selector("#proof-verdict")
        assert "✔ 有效" in await page.inner_text("#proof-verdict")
        assert "刘洋" in await page.inner_text("#proof-verdict")
        assert who["id_number"] not in await page.content()  # masked only
        await shoot(page, "proof-02-issued-390")
        await page.set_viewport_size(DESKTOP)
        await shoot(page, "proof-02-issued-1366")
        await page.set_viewport_size(PHONE)
        async with page.expect_download() as pdf_download:
            await page.click("#proof-downloads a:first-child")
        pdf = Path(await (await pdf_download.value).path()).read_bytes()
        async with page.expect_download() as json_download:
            await page.click("#proof-downloads a:nth-child(2)")
        credential = json.loads(Path(await (await json_download.value).path()).read_text())
        assert credential["credentialSubject"]["compliance"][0]["nationalWindow"]["years"] == 5
        await page.context.close()
        (ARTIFACTS / "proof.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(ARTIFACTS / "proof.pdf"),
                        str(ARTIFACTS / "proof-pdf")], check=False)

        committee = await browser.new_context(viewport=DESKTOP, base_url=platform, locale="zh-CN")
        public = await committee.new_page()
        await public.goto("/certificates/verify")
        (ARTIFACTS / "upload").mkdir(exist_ok=True)
        upload = ARTIFACTS / "upload" / "达标证明.pdf"
        upload.write_bytes(pdf)
        await public.set_input_files("#file", str(upload))
        await public.click("#by-credential button[type=submit]")
        await public.wait_for_selector("#proof-verdict")
        assert "✔ 有效" in await public.inner_text("#proof-verdict")
        await shoot(public, "proof-03-verified-by-upload-1366")

        await ok(await api.post(f"/api/credits/{credit_ids[0]}/revocation",
                                headers=await people.sign_in(api, "sc-admin", "Sichuan2026"),
                                json={"reason": "学分信息有误"}))
        link = qr_link(pdf)
        assert link.startswith(f"{platform}/certificates/proofs/")

        async def changed():
            await public.goto(link)
            return "已变更" in await public.inner_text("#proof-verdict")

        await eventually(changed, timeout=120, interval=1)
        assert "已撤销" in await public.inner_text("#proof-credits")
        await shoot(public, "proof-04-changed-by-qr-1366")
        phone = await (await browser.new_context(viewport=PHONE, base_url=platform, locale="zh-CN")).new_page()
        await phone.goto(link)
        assert "已变更" in await phone.inner_text("#proof-verdict")
        assert await phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
        await shoot(phone, "proof-05-changed-by-qr-390")
        await committee.close()
        await phone.context.close()


async def transcript_downloads(page) -> None:
    """学分档案 from the desk: the presentation holds both signed certificates, the workbook a row each."""
    async with page.expect_download() as presentation_download:
        await page.click("#transcript-json")
    presentation = json.loads(Path(await (await presentation_download.value).path()).read_text())
    assert presentation["type"] == ["VerifiablePresentation"] and len(presentation["verifiableCredential"]) == 2
    async with page.expect_download() as workbook_download:
        await page.click("#transcript-xlsx")
    workbook = load_workbook(io.BytesIO(Path(await (await workbook_download.value).path()).read_bytes()))
    assert len(list(workbook.active.iter_rows(values_only=True))) == 3  # the header and two certificates


async def people_can_use(page) -> bool:
    """The form's choices are touch-sized (44 px) on a phone, and the page does not scroll sideways."""
    heights = await page.eval_on_selector_all("label.choice", "labels => labels.map(l => l.offsetHeight)")
    return min(heights) >= 44 and await page.evaluate("document.documentElement.scrollWidth <= innerWidth")
