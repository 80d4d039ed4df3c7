"""Review chains come from the region's rules: Jinjiang's district level, and a province added as one file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cme_contracts import jurisdictions
from cme_contracts.events import CreditApproved
from cme_credits.domain import rules
from cme_platform.testing.tokens import auth_header

SETTINGS = {"review_date": date(2021, 3, 1)}  # 2020 credits, reviewed the year after: no early review

JJ_UNIT = auth_header("unit_admin", account_id="acct-jj-unit", unit_id="jj-unit", city_id="510100",
                      jurisdiction="jinjiang")
JJ_DISTRICT = auth_header("district_office", account_id="acct-jj-district", city_id="510100", jurisdiction="jinjiang")
CD_CITY = auth_header("city_office", account_id="acct-cd-city", city_id="510100", jurisdiction="sichuan")
SC_PROVINCE = auth_header("provincial_office", account_id="acct-sc", jurisdiction="sichuan")
ZJ_PROVINCE = auth_header("provincial_office", account_id="acct-zj", jurisdiction="zhejiang")

HAINAN = """
id = "hainan"
name = "海南省"
level = "province"
parent = "national"
code = "460000"
regions = { "460100" = "海口市" }

[credits]
issuing_office = "海南省继续医学教育委员会办公室"
review_chain = ["unit", "province"]

[credits.categories.provincial_i]
credit_class = "I"
level = "provincial"
evidence = { count = 1, content_types = ["application/pdf"] }

[certificates]
title = "海南省继续医学教育学分证书"
number_prefix = "HI"
"""


async def _enter_and_submit(service, headers: dict, body: dict) -> str:
    entered = await service.client.post("/api/credits/entries", headers=headers, json=body)
    assert entered.status_code == 201, entered.text
    credit_id = entered.json()["credit_id"]
    submitted = await service.client.post("/api/credits/submissions", headers=headers, json={"credit_ids": [credit_id]})
    assert submitted.json()["results"][0]["status"] == "in_review", submitted.text
    return credit_id


async def _queue(service, headers: dict) -> set[str]:
    return {c["credit_id"] for c in (await service.client.get("/api/credits/queue", headers=headers)).json()["credits"]}


async def _jinjiang_district_credit(service, number: str, name: str, project: str, hours: int) -> str:
    """A Jinjiang learner's district class II credit (1 credit = 6 hours), entered and submitted."""
    learner = auth_header("learner", account_id=f"acct-{number}", id_number=number, name=name, unit_id="jj-unit",
                          city_id="510100", jurisdiction="jinjiang")
    proof = await service.store_evidence(f"acct-{number}", content_type="image/png")
    return await _enter_and_submit(service, learner, {
        "category": "district_ii", "id_number": number, "name": name, "project_name": project,
        "credits": hours / 6, "hours": hours, "year": 2020, "evidence_ids": [proof]})


async def test_a_jinjiang_credit_passes_the_unit_the_district_association_the_city_and_the_province(service, id_number):
    credit_id = await _jinjiang_district_credit(service, id_number(), "刘洋", "锦江区医学会基层适宜技术培训", 12)

    for headers, level in ((JJ_UNIT, "unit"), (JJ_DISTRICT, "district"), (CD_CITY, "city"), (SC_PROVINCE, "province")):
        assert credit_id in await _queue(service, headers), f"the {level} level sees it waiting"
        assert credit_id not in await _queue(service, ZJ_PROVINCE), "another province never does"
        decided = await service.client.post("/api/credits/reviews", headers=headers,
                                            json={"credit_ids": [credit_id], "decision": "approve"})
        assert decided.json()["results"][0]["ok"], (level, decided.text)
    (approved,) = await service.published(CreditApproved, credit_id=credit_id)
    assert approved["jurisdiction"] == "jinjiang"


async def test_the_district_association_cannot_act_before_the_unit_nor_the_city_before_the_district(service, id_number):
    credit_id = await _jinjiang_district_credit(service, id_number(), "陈静", "锦江区护理质量培训", 6)
    for headers in (JJ_DISTRICT, CD_CITY):
        early = await service.client.post("/api/credits/reviews", headers=headers,
                                          json={"credit_ids": [credit_id], "decision": "approve"})
        assert not early.json()["results"][0]["ok"], early.text


@pytest.fixture
def hainan(tmp_path: Path, monkeypatch):
    """A fifth province, added as one file in a folder of its own."""
    (tmp_path / "hainan.toml").write_text(HAINAN, encoding="utf-8")
    monkeypatch.setenv("CME_JURISDICTIONS_DIRS", str(tmp_path))
    jurisdictions.registry.cache_clear()
    rules.load_rule_set.cache_clear()
    yield
    monkeypatch.delenv("CME_JURISDICTIONS_DIRS")
    jurisdictions.registry.cache_clear()
    rules.load_rule_set.cache_clear()


async def test_a_province_added_as_one_file_runs_a_credit_through_its_own_chain(service, id_number, hainan):
    number = id_number()
    learner = auth_header("learner", account_id=f"acct-{number}", id_number=number, name="符海", unit_id="hn-unit",
                          city_id="460100", jurisdiction="hainan")
    proof = await service.store_evidence(f"acct-{number}")
    credit_id = await _enter_and_submit(service, learner, {
        "category": "provincial_i", "id_number": number, "name": "符海", "project_name": "海南省急诊医学进展",
        "project_number": "2020460101001", "credits": 4, "hours": 24, "level": "provincial", "credit_class": "I",
        "year": 2020, "evidence_ids": [proof]})
    unit = auth_header("unit_admin", account_id="acct-hn-unit", unit_id="hn-unit", city_id="460100",
                       jurisdiction="hainan")
    office = auth_header("provincial_office", account_id="acct-hn", jurisdiction="hainan")
    for headers in (unit, office):
        decided = await service.client.post("/api/credits/reviews", headers=headers,
                                            json={"credit_ids": [credit_id], "decision": "approve"})
        assert decided.json()["results"][0]["ok"], decided.text
    (approved,) = await service.published(CreditApproved, credit_id=credit_id)
    assert (approved["jurisdiction"], approved["credits"]) == ("hainan", 4)
