"""Each source jurisdiction's credit workflow, end to end on `make dev`'s stack with the dev
accounts the README lists: Chengdu/Jinjiang's district chain (seed 001) and Zhejiang's
out-of-province entry after its remote-filing list (seed 000). Everything goes through the
front door's public APIs; the district office's desk is looked at in the browser."""

from __future__ import annotations

import random

import httpx
import pytest

from cme_identity.domain.codes import id_number_with_check_digit
from cme_platform.testing.journeys import blank_pdf, ok
from cme_platform.testing.services import eventually

pytestmark = pytest.mark.timeout(600)
JINJIANG = {"jurisdiction": "sichuan", "city_id": "510100", "district_id": "510104"}  # 四川省 成都市 锦江区
HANGZHOU = {"jurisdiction": "zhejiang", "city_id": "330100"}
WAITING = {"self_entry.evidence_unknown", "self_entry.project_not_on_record"}
REMOTE_FILINGS = ("序号,项目编号,项目名称,主办单位,项目负责人,协办单位,举办日期,I类学分\n"
                  "1,2025-03-05-129（国）,“围透析器”肾病患者的康复管理,中国康复医学会肾脏病康复专业委员会,边学燕,"
                  "宁波市第一医院,2025年5月21日-5月23日,国家级I类10分\n")


async def review(api: httpx.AsyncClient, credit_id: str, reviewers: list[dict]) -> None:
    for headers in reviewers:
        decided = await ok(await api.post("/api/credits/reviews", headers=headers,
                                          json={"credit_ids": [credit_id], "decision": "approve"}))
        assert decided["results"][0]["ok"], decided


async def test_a_jinjiang_learners_district_credit_passes_four_levels_and_becomes_a_chengdu_certificate(
        people, platform, clock, browser, shoot):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "成都市锦江区妇幼保健院", JINJIANG, "510104")
        assert who["unit"]["jurisdiction"] == "jinjiang"
        year = clock.now().year - 1  # last year's credits: the regular review, not the early one
        credit_id = await people.enter_and_submit(api, who, "screenshot", {
            "category": "district_ii", "project_name": "锦江区医学会基层适宜技术培训", "credits": 2, "hours": 12,
            "year": year})

        district = await people.sign_in(api, "jj-district", "Jinjiang2026")
        await review(api, credit_id, [who["admin"]])
        page = await browser.new_page(viewport={"width": 1366, "height": 900})
        await page.context.add_cookies([{"name": "cme_token", "value": district["Authorization"][7:],
                                         "url": platform}])
        await page.goto(f"{platform}/me")
        assert "适宜技术" in await page.content(), "the credit waits on the district office's desk"
        await shoot(page, "jinjiang-district-desk-1366")
        await page.close()

        await review(api, credit_id, [district, await people.sign_in(api, "cd-city", "Chengdu2026"),
                                      await people.sign_in(api, "sc-admin", "Sichuan2026")])
        credit = await ok(await api.get(f"/api/credits/{credit_id}", headers=who["learner"]))
        assert (credit["status"], credit["jurisdiction"]) == ("approved", "jinjiang")

        async def certificate():
            items = (await ok(await api.get("/api/certificates/mine", headers=who["learner"])))["items"]
            return items or None

        [issued] = await eventually(certificate, timeout=90)
        assert issued["certificate_number"].startswith("SCCD")


def published_list(year: int) -> str:
    """Sichuan's published project list (项目公布名单): what 'on record' entries are checked against."""
    rows = [(f"{year}-05-01-031（国）", "重症医学新进展", "国家级I类4分"),
            (f"{year}510301016 (省)", "基层慢病管理培训班", "省级II类2分"),
            (f"{year}-16-00-012（国）", "中医经典临床应用", "国家级I类4分"),
            (f"{year}510316002 (省)", "川派中医药适宜技术", "省级II类1分")]
    lines = "".join(f"{n},{number},{name},四川省人民医院,李华,,{year}年5月10日-5月11日,{credits}\n"
                    for n, (number, name, credits) in enumerate(rows, start=1))
    return "序号,项目编号,项目名称,主办单位,项目负责人,协办单位,举办日期,学分\n" + lines


def categories(year: int) -> dict[str, dict]:
    """One entry of every category Jinjiang takes (seed 001), as its evidence and fields require."""
    base = {"year": year}
    return {
        "district_ii": base | {"project_name": "锦江区医学会继续教育讲座", "credits": 1, "hours": 6},
        "provincial_i": base | {"project_name": "四川省急诊医学年会", "credits": 2, "hours": 12},
        "provincial_ii": base | {"project_name": "基层慢病管理培训班", "project_number": f"{year}510301016 (省)",
                                 "credits": 2, "hours": 12},
        "national_i": base | {"project_name": "重症医学新进展", "project_number": f"{year}-05-01-031（国）",
                              "credits": 4, "hours": 12},
        "out_of_province": base | {"project_name": "口腔正畸专科培训", "project_number": f"{year}-08-03-036（国）",
                                   "sponsor": "中华口腔医学会", "credits": 4, "hours": 12},
        "counterpart_support": base | {"project_name": "对口支援甘孜州人民医院", "level": "provincial",
                                       "credit_class": "II", "credits": 10},
        "residency": base | {"project_name": "住院医师规范化培训", "level": "provincial", "credit_class": "I",
                             "credits": 25, "training_year": 1, "program_years": 3},
        "further_study": {"project_name": "华西医院进修", "level": "provincial", "credit_class": "I", "credits": 25,
                          "start_date": f"{year - 1}-09-01", "end_date": f"{year}-02-28",
                          "certificate_date": f"{year}年3月5日"},
        "tcm_national": base | {"project_name": "中医经典临床应用", "project_number": f"{year}-16-00-012（国）",
                                "credits": 4, "hours": 12, "tcm": True},
        "tcm_provincial": base | {"project_name": "川派中医药适宜技术", "project_number": f"{year}510316002 (省)",
                                  "credit_class": "II", "credits": 1, "hours": 6, "tcm": True},
    }


async def test_a_jinjiang_learner_enters_a_credit_of_every_category_with_the_evidence_it_needs(
        people, platform, clock):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        year = clock.now().year - 1
        office = await people.sign_in(api, "sc-admin", "Sichuan2026")
        listing = {"file": ("项目公布名单.csv", published_list(year).encode(), "text/csv")}
        imported = await ok(await api.post("/api/projects/imports", headers=office, files=listing))
        assert imported["problems"] == [], imported
        who = await people.unit_with_learners(api, "成都市锦江区妇幼保健院", JINJIANG, "510104")
        entered = {}
        for category, fields in categories(year).items():
            files = 2 if category == "counterpart_support" else 1  # the dispatch document and the evaluation
            proofs = [(await ok(await api.post("/api/evidence", headers=who["learner"], content=blank_pdf(),
                                               params={"kind": "scanned_document", "filename": "证明.pdf"})))
                      ["evidence_id"] for _ in range(files)]
            body = fields | {"category": category, "id_number": who["id_number"], "name": "刘洋",
                             "evidence_ids": proofs}

            async def accepted(body=body, category=category):
                answer = await api.post("/api/credits/entries", headers=who["learner"], json=body)
                if answer.status_code == 201:
                    return answer.json()
                # Only waiting for credits to hear of the files and the published list is retried.
                assert answer.json()["error"]["code"] in WAITING, (category, answer.text)
                return None

            entered[category] = await eventually(accepted, timeout=30)
        assert set(entered) == set(categories(year))
        assert entered["further_study"]["year"] == year  # the year the certificate was obtained
        assert (entered["tcm_national"]["credit_class"], entered["out_of_province"]["level"]) == ("I", "national")


async def test_jinjiang_reviews_early_only_the_people_its_unit_listed_after_entering_them_in_bulk(
        people, platform, clock):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        who = await people.unit_with_learners(api, "成都市锦江区第二人民医院", JINJIANG, "510104",
                                      names=("王敏", "张强"))
        year = clock.now().year  # this year's credits: only early review takes them before the year ends
        district = await people.sign_in(api, "jj-district", "Jinjiang2026")
        await ok(await api.put(f"/api/credits/early-review-windows/jinjiang/{year}", headers=district,
                               json={"opens_on": f"{year}年9月24日", "closes_on": f"{year}-12-31"}))
        proofs = []
        for _ in range(3):
            stored = await ok(await api.post("/api/evidence", headers=who["admin"], content=blank_pdf(),
                                             params={"kind": "screenshot", "filename": "学分证明截图.pdf"}))
            proofs.append(stored["evidence_id"])
        stranger = id_number_with_check_digit(f"51010719900101{random.randrange(1000):03d}")
        people = [{"id_number": number, "name": name, "evidence_ids": [proof]}
                  for (name, number), proof in zip([*who["people"].items(), ("赵磊", stranger)], proofs, strict=True)]
        body = {"activity": {"category": "district_ii", "project_name": "锦江区医学会继续教育讲座", "credits": 1,
                             "hours": 6, "year": year}, "people": people}

        outcomes: dict[str, dict] = {}

        async def entered():
            # Credits hears of each file and of the unit's people over Kafka, not all at once: a person
            # refused only for that is entered again later; one entered is not sent twice.
            waiting = [p for p in people if p["id_number"] not in outcomes]
            answer = (await api.post("/api/credits/entries/bulk", headers=who["admin"],
                                     json=body | {"people": waiting})).json()
            for person, result in zip(waiting, answer["results"], strict=True):
                final = result["ok"] or person["id_number"] == stranger
                if final or result.get("code") not in WAITING | {"self_entry.not_in_unit"}:
                    outcomes[person["id_number"]] = result
            return len(outcomes) == len(people)

        await eventually(entered, timeout=60)
        report = {"results": [outcomes[p["id_number"]] for p in people]}
        assert [r["ok"] for r in report["results"]] == [True, True, False], report  # 赵磊 is not of this unit

        await ok(await api.post("/api/credits/early-review-applications", headers=who["admin"], json={
            "year": year, "unit": "成都市锦江区第二人民医院",
            "people": [{"name": "王敏", "id_number": who["people"]["王敏"], "phone": "13655556666"}]}))
        listed = await ok(await api.get("/api/credits", headers=who["admin"],
                                        params={"id_number": who["people"]["王敏"], "year": year}))
        other = await ok(await api.get("/api/credits", headers=who["admin"],
                                       params={"id_number": who["people"]["张强"], "year": year}))
        ids = [listed["credits"][0]["credit_id"], other["credits"][0]["credit_id"]]
        submitted = await ok(await api.post("/api/credits/submissions", headers=who["admin"], json={"credit_ids": ids}))
        assert submitted["results"][0]["status"] == "in_review"
        assert submitted["results"][1]["code"] == "submission.early_review_not_eligible"
        assert "副高" in submitted["results"][1]["message"]


async def test_zhejiang_refuses_a_remote_filed_project_and_counts_an_out_of_province_credit_after_three_levels(
        people, platform, clock):
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        office = await people.sign_in(api, "zj-admin", "Zhejiang2026")
        imported = await ok(await api.post("/api/projects/imports", headers=office, data={"remote_filing": "true"},
                                           files={"file": ("异地备案.csv", REMOTE_FILINGS.encode(), "text/csv")}))
        assert imported["problems"] == []
        who = await people.unit_with_learners(api, "杭州市第一人民医院", HANGZHOU, "330102")
        year = clock.now().year - 1
        entry = {"category": "out_of_province", "project_name": "口腔正畸专科培训",
                 "sponsor": "中华口腔医学会继续教育培训部",
                 "project_number": f"{year}-08-03-036（国）", "level": "national", "credits": 10, "hours": 30,
                 "start_date": f"{year}-05-10", "end_date": f"{year}-05-16"}
        proof = await ok(await api.post("/api/evidence", headers=who["learner"], content=blank_pdf(),
                                        params={"kind": "credit_proof", "filename": "学分证明.pdf"}))
        filed = entry | {"project_number": "2025-03-05-129 (国)", "id_number": who["id_number"], "name": "刘洋",
                         "evidence_ids": [proof["evidence_id"]]}

        async def refused():
            answer = (await api.post("/api/credits/entries", headers=who["learner"], json=filed)).json()
            return answer if answer.get("error", {}).get("code") == "self_entry.remote_filed" else None

        assert "异地备案" in (await eventually(refused))["error"]["message"]

        credit_id = await people.enter_and_submit(api, who, "credit_proof", entry)
        await review(api, credit_id, [who["admin"], await people.sign_in(api, "hz-city", "Hangzhou2026"), office])
        compliance = await ok(await api.get("/api/credits/compliance", headers=who["learner"],
                                            params={"id_number": who["id_number"], "year": year}))
        assert compliance["totals"]["class_i"] == 10, compliance
