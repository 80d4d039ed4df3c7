"""Self-entered and unit-entered credits through the API: every seed rule, accepted and refused."""

from __future__ import annotations

from datetime import date

import pytest

from cme_contracts.events import CreditApproved, CreditEntered
from cme_platform.testing.tokens import auth_header

SETTINGS = {"review_date": date(2020, 10, 1)}  # a fixed "today" (Zhejiang has no early review)

ZJ_UNIT = auth_header("unit_admin", account_id="acct-zj-unit", unit_id="zj-unit", city_id="nb", jurisdiction="zhejiang")
ZJ_CITY = auth_header("city_office", account_id="acct-nb", city_id="nb", jurisdiction="zhejiang")
ZJ_PROVINCE = auth_header("provincial_office", account_id="acct-zj", jurisdiction="zhejiang")
CD_UNIT = auth_header("unit_admin", account_id="acct-cd-unit", unit_id="cd-unit", city_id="cd", jurisdiction="jinjiang")


def learner(id_number: str, name: str = "王芳", account: str = "acct-wang", jurisdiction: str = "zhejiang") -> dict:
    return auth_header("learner", account_id=account, id_number=id_number, name=name, unit_id="zj-unit",
                       city_id="nb", jurisdiction=jurisdiction)


def out_of_province(id_number: str, evidence_id: str, **changes) -> dict:
    body = {"category": "out_of_province", "id_number": id_number, "name": "王芳", "project_name": "口腔正畸专科培训",
            "project_number": "2021-08-03-036（国）", "sponsor": "中华口腔医学会继续教育培训部", "level": "national",
            "credits": 10, "hours": 30, "start_date": "2021-05-10", "end_date": "2021-05-16",
            "evidence_ids": [evidence_id]}
    return body | changes


@pytest.fixture
async def person(service, id_number):
    """A Zhejiang learner with one stored PDF of evidence."""
    number = id_number()
    account = f"acct-{number}"
    return {"id_number": number, "headers": learner(number, account=account),
            "pdf": await service.store_evidence(account)}


async def enter(service, headers, body) -> dict:
    response = await service.client.post("/api/credits/entries", headers=headers, json=body)
    return response.json() | {"status_code": response.status_code}


async def test_an_out_of_province_national_credit_is_entered_submitted_and_approved_level_by_level(service, person):
    entered = await enter(service, person["headers"], out_of_province(person["id_number"], person["pdf"]))
    assert entered["status_code"] == 201, entered
    assert (entered["level"], entered["credit_class"], entered["status"]) == ("national", "I", "draft")
    credit_id = entered["credit_id"]
    (announced,) = await service.published(CreditEntered, credit_id=credit_id)
    assert announced["evidence_ids"] == [person["pdf"]], "the evidence service keeps the proof from now on"
    queue = (await service.client.get("/api/credits/queue", headers=ZJ_UNIT)).json()["credits"]
    assert credit_id not in {c["credit_id"] for c in queue}, "nothing moves until it is submitted"

    submitted = await service.client.post("/api/credits/submissions", headers=person["headers"],
                                          json={"credit_ids": [credit_id]})
    assert submitted.json()["results"][0]["status"] == "in_review"
    for headers in (ZJ_UNIT, ZJ_CITY, ZJ_PROVINCE):
        decided = await service.client.post("/api/credits/reviews", headers=headers,
                                            json={"credit_ids": [credit_id], "decision": "approve"})
        assert decided.json()["results"][0]["ok"], decided.text
    approved = await service.published(CreditApproved, credit_id=credit_id)
    assert approved[0]["project_number"] == "2021-08-03-036（国）" and approved[0]["source"] == "self_entry"


async def test_a_project_on_the_learners_provinces_remote_filing_list_is_refused_naming_its_co_organizer(
        service, person, project):
    await service.publish_project(project("2021-03-05-129（国）", remote_filing=True, co_organizer="宁波市第一医院"))
    body = out_of_province(person["id_number"], person["pdf"], project_number="2021-03-05-129 (国)")
    answer = await enter(service, person["headers"], body)
    assert answer["error"]["code"] == "self_entry.remote_filed"
    assert "浙江省异地备案" in answer["error"]["message"] and "宁波市第一医院" in answer["error"]["message"]


async def test_another_provinces_remote_filing_list_does_not_refuse_a_learner(service, person, project):
    await service.publish_project(project("2021-16-01-291 (国)", remote_filing=True, jurisdiction="sichuan",
                                          co_organizer="四川省人民医院"))
    body = out_of_province(person["id_number"], person["pdf"], project_number="2021-16-01-291（国）")
    answer = await enter(service, person["headers"], body)
    assert answer["status_code"] == 201, "Sichuan's list is Sichuan's: a Zhejiang learner enters it as out-of-province"


async def test_a_district_learner_belongs_to_its_provinces_remote_filing_list(service, project, id_number):
    await service.publish_project(project("2021-17-01-124（国）", remote_filing=True, jurisdiction="sichuan",
                                          co_organizer="四川省人民医院"))
    number = id_number()
    headers = learner(number, account=f"acct-{number}", jurisdiction="jinjiang")
    proof = await service.store_evidence(f"acct-{number}")
    answer = await enter(service, headers, out_of_province(number, proof, project_number="2021-17-01-124（国）"))
    assert answer["error"]["code"] == "self_entry.remote_filed"
    assert "四川省异地备案" in answer["error"]["message"] and "四川省人民医院" in answer["error"]["message"]


@pytest.mark.parametrize(("changes", "code"), [
    ({"tcm": True}, "self_entry.tcm_not_handled"),
    ({"platform": "华医网"}, "self_entry.integrated_platform"),
    ({"platform": "北京华医网科技股份有限公司（华医网）"}, "self_entry.integrated_platform"),
    ({"sponsor": "北京健康在线技术有限公司"}, "self_entry.integrated_platform"),
    ({"unit_id": "another-unit"}, "self_entry.not_own_unit"),
    ({"project_number": "2021-08-03-036"}, "self_entry.number_missing_national_mark"),
    ({"level": "society"}, "self_entry.level_mismatch"),
    ({"name": "李强"}, "self_entry.name_mismatch"),
    ({"evidence_ids": []}, "self_entry.evidence_count"),
    ({"evidence_ids": ["never-stored"]}, "self_entry.evidence_unknown"),
])
async def test_an_entry_breaking_a_zhejiang_rule_is_refused_with_its_reason(service, person, changes, code):
    answer = await enter(service, person["headers"], out_of_province(person["id_number"], person["pdf"], **changes))
    assert answer["status_code"] == 422 and answer["error"]["code"] == code
    assert await service.credits_of(person["id_number"]) == [], "a refusal records nothing"


async def test_a_six_society_credit_is_derived_as_provincial_national_first_level_society(service, person):
    body = out_of_province(person["id_number"], person["pdf"], project_number="口继教字2021-032", level=None,
                           sponsor="中华口腔医学会口腔正畸专业委员会", credit_class="I", credits=2)
    answer = await enter(service, person["headers"], body)
    assert (answer["status_code"], answer["level"]) == (201, "society")


async def test_the_same_certificate_entered_twice_is_refused_the_second_time(service, person):
    assert (await enter(service, person["headers"], out_of_province(person["id_number"], person["pdf"])))[
        "status_code"] == 201
    again = await enter(service, person["headers"], out_of_province(person["id_number"], person["pdf"],
                                                                    project_number="2021-08-03-036 (国)"))
    assert again["error"]["code"] == "self_entry.duplicate"


async def test_the_same_activity_without_a_number_entered_twice_is_refused_the_second_time(service, id_number):
    number = id_number()
    headers = learner(number, account=f"acct-{number}", jurisdiction="jinjiang")
    proofs = [await service.store_evidence(f"acct-{number}", content_type="image/png") for _ in range(3)]
    body = {
        "category": "district_ii",
        "id_number": number,
        "name": "王芳",
        "project_name": "锦江区医学会心电图判读培训",
        "credits": 1,
        "hours": 6,
        "year": 2019,
    }
    assert (await enter(service, headers, body | {"evidence_ids": [proofs[0]]}))["status_code"] == 201
    again = await enter(service, headers, body | {"evidence_ids": [proofs[1]]})
    assert again["error"]["code"] == "self_entry.duplicate" and "同一活动" in again["error"]["message"]
    other_session = await enter(service, headers, body | {"credits": 2, "hours": 12, "evidence_ids": [proofs[2]]})
    assert other_session["status_code"] == 201, "another session of the same name differs in hours and credits"


async def test_someone_elses_id_number_or_an_image_is_refused(service, person, id_number):
    other = await enter(service, person["headers"], out_of_province(id_number(), person["pdf"]))
    assert other["error"]["code"] == "self_entry.not_own_identity"
    image = await service.store_evidence(f"acct-{person['id_number']}", content_type="image/jpeg")
    answer = await enter(service, person["headers"], out_of_province(person["id_number"], image))
    assert answer["error"]["code"] == "self_entry.evidence_type"


async def test_a_rejected_entry_may_be_corrected_but_not_its_evidence(service, person):
    credit_id = (await enter(service, person["headers"], out_of_province(person["id_number"], person["pdf"],
                                                                         credits=12)))["credit_id"]
    await service.client.post("/api/credits/submissions", headers=person["headers"], json={"credit_ids": [credit_id]})
    await service.client.post("/api/credits/reviews", headers=ZJ_UNIT, json={
        "credit_ids": [credit_id], "decision": "reject", "reason": "学分与学分证不一致"})

    new_pdf = await service.store_evidence(f"acct-{person['id_number']}")
    swapped = await service.client.patch(f"/api/credits/entries/{credit_id}", headers=person["headers"],
                                         json={"evidence_ids": [new_pdf]})
    assert swapped.json()["error"]["code"] == "correction.evidence_changed"
    corrected = await service.client.patch(f"/api/credits/entries/{credit_id}", headers=person["headers"],
                                           json={"credits": 10})
    assert corrected.json() == {"credit_id": credit_id, "status": "draft", "credits": 10}
    resubmitted = await service.client.post("/api/credits/submissions", headers=person["headers"],
                                            json={"credit_ids": [credit_id]})
    assert resubmitted.json()["results"][0]["status"] == "in_review"


async def test_chengdu_categories_are_checked_through_the_api(service, id_number):
    number = id_number()
    headers = auth_header("learner", account_id="acct-cd-l", id_number=number, name="刘洋", jurisdiction="jinjiang",
                          unit_id="cd-unit", city_id="cd")
    proof = [await service.store_evidence("acct-cd-l", content_type="image/jpeg") for _ in range(3)]
    base = {"id_number": number, "name": "刘洋", "project_name": "住院医师规范化培训", "credits": 25,
            "level": "provincial", "credit_class": "I", "year": 2019}
    wrong_hours = await enter(service, headers, base | {"category": "district_ii", "credits": 3, "hours": 12,
                                                        "evidence_ids": [proof[0]]})
    assert wrong_hours["error"]["code"] == "self_entry.hours_mismatch"
    first = await enter(service, headers, base | {"category": "residency", "training_year": 1, "program_years": 3,
                                                  "evidence_ids": [proof[0]]})
    assert first["status_code"] == 201
    twice = await enter(service, headers, base | {"category": "residency", "training_year": 2, "program_years": 3,
                                                  "evidence_ids": [proof[1]]})
    assert twice["error"]["code"] == "self_entry.residency_once_per_year"
    study = await enter(service, headers, base | {"category": "further_study", "year": None,
                                                  "start_date": "2019-07-01", "end_date": "2020-01-10",
                                                  "certificate_date": "2020-01-15", "evidence_ids": [proof[2]]})
    assert (study["status_code"], study["year"]) == (201, 2020)


async def test_the_provincial_office_draws_a_share_of_approved_self_entries_for_a_second_look(service, person):
    body = out_of_province(person["id_number"], person["pdf"], start_date="2022-05-10", end_date="2022-05-16")
    credit_id = (await enter(service, person["headers"], body))["credit_id"]
    await service.client.post("/api/credits/submissions", headers=person["headers"], json={"credit_ids": [credit_id]})
    for headers in (ZJ_UNIT, ZJ_CITY, ZJ_PROVINCE):
        await service.client.post("/api/credits/reviews", headers=headers,
                                  json={"credit_ids": [credit_id], "decision": "approve"})
    sample = (await service.client.post("/api/credits/audit-samples", headers=ZJ_PROVINCE,
                                        json={"year": 2022, "percentage": 100, "seed": 7})).json()
    assert sample["population"] == 1 and sample["drawn"] == [credit_id]
    detail = (await service.client.get(f"/api/credits/{credit_id}", headers=ZJ_PROVINCE)).json()
    assert detail["audit_sampled"] and detail["history"][-1]["action"] == "sampled"
    other_province = auth_header("provincial_office", account_id="acct-js", jurisdiction="jiangsu")
    assert (await service.client.post("/api/credits/audit-samples", headers=other_province,
                                      json={"year": 2022, "percentage": 100})).json()["population"] == 0
    refused = await service.client.post("/api/credits/audit-samples", headers=person["headers"],
                                        json={"year": 2022, "percentage": 10})
    assert refused.status_code == 403


async def test_credits_approved_and_rejected_are_counted_by_level(service, person):
    from prometheus_client import REGISTRY

    def decided(decision: str) -> float:
        return REGISTRY.get_sample_value("cme_credit_decisions_total", {"decision": decision, "level": "national"}) or 0

    before = decided("approved"), decided("rejected")
    second_pdf = await service.store_evidence(f"acct-{person['id_number']}")
    kept = (await enter(service, person["headers"], out_of_province(person["id_number"], person["pdf"])))["credit_id"]
    refused = (await enter(service, person["headers"], out_of_province(
        person["id_number"], second_pdf, project_number="2021-08-03-037（国）")))
    assert refused["status_code"] == 201, refused
    refused = refused["credit_id"]
    await service.client.post(
        "/api/credits/submissions", headers=person["headers"], json={"credit_ids": [kept, refused]}
    )
    await service.client.post("/api/credits/reviews", headers=ZJ_UNIT, json={
        "credit_ids": [refused], "decision": "reject", "reason": "学分与学分证不一致"})
    for headers in (ZJ_UNIT, ZJ_CITY, ZJ_PROVINCE):
        await service.client.post(
            "/api/credits/reviews", headers=headers, json={"credit_ids": [kept], "decision": "approve"}
        )
    assert (decided("approved") - before[0], decided("rejected") - before[1]) == (1, 1)
