"""Entering a credit by its electronic certificate (凭电子证书录入) on the learner's phone: a Hangzhou
learner uploads the credential another province's platform signed, sees the entry pre-filled from
it, submits it without any PDF, and the unit's review queue marks it 已验证电子证书."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from cme_platform.credentials import identity_hash
from cme_platform.testing.journeys import ok

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
pytestmark = pytest.mark.timeout(600)


def credential(issuer: str, id_number: str, name: str, year: int) -> dict:
    """The credential as the other platform issues it (the format of services/certificates/README.md)."""
    salt = uuid.uuid4().hex[:16]
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": f"urn:uuid:{uuid.uuid4()}", "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "安徽省继续医学教育委员会办公室"},
        "validFrom": f"{year}-06-01T08:00:00+00:00",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name},
                {"type": "IdentityObject", "identityType": "identifier", "hashed": True, "salt": salt,
                 "identityHash": identity_hash(id_number, salt)}],
            "achievement": {"type": ["Achievement"], "name": "心血管介入诊疗新技术学习班",
                            "humanCode": f"{year}-04-01-077（国）", "tag": ["国家级", "Ⅰ类", str(year)]},
            "creditsEarned": 6.0, "hours": 18.0,
            "activityStartDate": f"{year}-05-12T00:00:00Z", "activityEndDate": f"{year}-05-14T00:00:00Z",
        },
    }


async def test_a_learner_enters_another_provinces_certificate_and_submits_it_marked_verified(
        people, platform, clock, shoot, phone_problems, tmp_path, other_platform):
    year = clock.now().year
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "杭州市第二人民医院", {"jurisdiction": "zhejiang",
                                                                       "city_id": "330100"}, "330102", ("陈静",))
        issuer = other_platform.verification_method.partition("#")[0]
        signed = other_platform.sign(credential(issuer, who["id_number"], "陈静", year), datetime.now(UTC))
        upload = tmp_path / "电子学分证书.json"
        upload.write_text(json.dumps(signed, ensure_ascii=False), encoding="utf-8")

        page = await people.page(who["id_number"], PHONE)
        await page.goto("/me/credits/new")
        assert "凭电子证书录入" in await page.inner_text("#by-credential")
        await shoot(page, "credential-entry-00-card-390")
        await page.set_viewport_size(DESK)
        await shoot(page, "credential-entry-00-card-1366")
        await page.set_viewport_size(PHONE)
        await page.set_input_files("#credential-file", str(upload))
        await page.click("#verify-credential")
        await page.wait_for_selector("#report-credential:not([hidden])")
        shown = await page.inner_text("#credential-entry")
        for expected in ("心血管介入诊疗新技术学习班", f"{year}-04-01-077（国）", "安徽省继续医学教育委员会办公室",
                         "国家级", "Ⅰ类", f"{year}-05-12", "18"):
            assert expected in shown, (expected, shown)
        assert "已验证电子证书" in await page.inner_text("#credential-outcome")
        assert await phone_problems(page) == []
        await shoot(page, "credential-entry-01-pre-filled-390")
        await page.set_viewport_size(DESK)
        await shoot(page, "credential-entry-01-pre-filled-1366")
        await page.set_viewport_size(PHONE)

        await page.click("#report-credential")
        await page.wait_for_selector("#credential-outcome >> text=已上报")
        await shoot(page, "credential-entry-02-submitted-390")

        [credit] = (await ok(await api.get("/api/credits", headers=who["learner"], params={"year": year})))["credits"]
        assert credit["status"] == "in_review" and credit["evidence_ids"] == [] and credit["verified_credential"]

        desk = await people.page(who["admin_username"], DESK)
        row = desk.locator("tr", has_text="心血管介入诊疗新技术学习班")
        assert "已验证电子证书" in await row.inner_text()
        await shoot(desk, "credential-entry-03-unit-queue-marked")
