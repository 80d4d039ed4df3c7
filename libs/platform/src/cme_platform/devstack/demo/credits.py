"""Projects of every level and credits in every review state (Zhejiang, seed 000; Chengdu's
Jinjiang district, seed 001).

Each credit of the demo is known by its project name: a second run finds it in the unit
admin's list (`GET /api/credits`) and leaves it where it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_platform.devstack.demo.api import DemoFailed, FrontDoor, eventually, stack_now
from cme_platform.devstack.demo.people import Signed

ZJ_OFFICE = ("zj-admin", "Zhejiang2026")
HZ_CITY = ("hz-city", "Hangzhou2026")
RETURN_REASON = "证书上的学时与会议通知不一致，请核对后重新录入"


def remote_filings_csv(year: int) -> bytes:
    """Zhejiang's 异地备案 list in seed 000's columns (this year's numbers)."""
    return ("序号,项目编号,项目名称,主办单位,项目负责人,协办单位,举办日期,I类学分\n"
            f"1,{year}-03-05-129（国）,“围透析器”肾病患者的康复管理,中国康复医学会肾脏病康复专业委员会,边学燕,"
            f"宁波市第一医院,{year}年5月21日-5月23日,国家级I类4分\n"
            f"2,{year}-06-07-015（国）,基层医院急诊急救能力提升培训班,中国医师协会急诊医师分会,张宏,"
            f"杭州市第一人民医院,{year}年6月12日-6月14日,国家级I类6分\n").encode()


def projects(api: FrontDoor, jinjiang: Signed, hangzhou: Signed) -> None:
    """The remote-filing list, a provincial and a society-issued project (a 409 means registered)."""
    year = stack_now().year
    office = api.sign_in(*ZJ_OFFICE)
    report = api.json("POST", "/api/projects/imports", who=office, data={"remote_filing": "true"},
                      files={"file": ("浙江省异地备案项目.csv", remote_filings_csv(year), "text/csv")})
    if report["problems"]:
        print(f"  remote-filing import problems: {report['problems']}")
    api.call("POST", "/api/projects", who=jinjiang.owner, allow=(409,), json={
        "number": f"{year}480301016 (省)", "name": "儿童常见病规范化诊疗进展", "credit_class": "I", "credits": 6,
        "jurisdiction": "jinjiang", "discipline": "儿科学/小儿内科学", "lead": jinjiang.unit.owner.name,
        "sponsor": jinjiang.unit.name, "venue": "锦江区妇幼保健院三楼会议室"})
    api.call("POST", "/api/projects", who=hangzhou.owner, allow=(409,), json={
        "number": f"口继教字{year}-032", "name": "口腔种植临床规范化技术培训", "credit_class": "I", "credits": 4,
        "jurisdiction": "zhejiang", "discipline": "口腔医学/口腔种植学", "lead": hangzhou.unit.owner.name,
        "sponsor": "中华口腔医学会", "co_organizer": hangzhou.unit.name})


@dataclass(frozen=True)
class Entry:
    """A credit the demo enters for a learner, and how far its review goes."""

    learner: str
    activity: dict
    approvals: int | None  # None: a draft; 0: submitted; n: approved at the first n levels
    reject: bool = False  # rejected at the level after the approvals


def _out_of_province(year: int, number: str, name: str, sponsor: str, credits: int, month: int) -> dict:
    return {"category": "out_of_province", "project_name": name, "sponsor": sponsor, "project_number": number,
            "level": "national", "credits": credits, "hours": credits * 3,
            "start_date": f"{year}-{month:02d}-10", "end_date": f"{year}-{month:02d}-12"}


def zhejiang_entries(year: int) -> tuple[Entry, ...]:
    """陈静 and 王磊 of the Hangzhou hospital: every state of Zhejiang's unit → city → province chain."""
    return (
        Entry("陈静", _out_of_province(
            year, f"{year}-08-03-036（国）", "口腔正畸专科培训", "中华口腔医学会继续教育培训部", 10, 5), 3),
        Entry("陈静", _out_of_province(
            year, f"{year}-04-01-112（国）", "心血管介入诊疗新技术研讨班", "中国医师协会心血管内科医师分会", 6, 9),
            None),
        Entry("王磊", _out_of_province(
            year, f"{year}-02-09-044（国）", "重症医学规范化培训", "中华医学会重症医学分会", 4, 3), 0),
        Entry("王磊", _out_of_province(
            year, f"{year}-05-11-087（国）", "医院感染防控实务", "中国医院协会医院感染管理专业委员会", 3, 4), 1),
        Entry("王磊", _out_of_province(
            year, f"{year}-07-02-021（国）", "老年医学多学科诊疗论坛", "中华医学会老年医学分会", 5, 6), 2),
        Entry("王磊", _out_of_province(
            year, f"{year}-03-12-058（国）", "超声医学新进展", "中国医师协会超声医师分会", 8, 10), 1, reject=True),
    )


def jinjiang_entries(year: int) -> tuple[Entry, ...]:
    """刘洋's district class II credit, waiting at 锦江区医学会; 赵敏's still a draft."""
    district = {"category": "district_ii", "credits": 2, "hours": 12, "year": year}
    return (Entry("刘洋", district | {"project_name": "锦江区医学会基层适宜技术培训"}, 1),
            Entry("赵敏", district | {"project_name": "锦江区医学会儿科急救技能培训"}, None))


def enter_all(api: FrontDoor, signed: Signed, entries: tuple[Entry, ...], reviewers: list[dict]) -> None:
    """Enter, submit and review each entry not entered by an earlier run."""
    existing = {(c["name"], c["project_name"]) for c in api.credits_of_unit(signed.admin)}
    chain = [signed.admin, *reviewers]
    for entry in entries:
        if (entry.learner, entry.activity["project_name"]) in existing:
            continue
        credit_id = _enter(api, signed, entry)
        if entry.approvals is None:
            continue
        learner = signed.learners[entry.learner]
        api.json("POST", "/api/credits/submissions", who=learner, json={"credit_ids": [credit_id]})
        for reviewer in chain[:entry.approvals]:
            _decide(api, reviewer, credit_id, {"decision": "approve"})
        if entry.reject:
            _decide(api, chain[entry.approvals], credit_id, {"decision": "reject", "reason": RETURN_REASON})


def _enter(api: FrontDoor, signed: Signed, entry: Entry) -> str:
    learner = signed.learners[entry.learner]
    person = next(p for p in signed.unit.learners if p.name == entry.learner)
    kind = "credit_proof" if entry.activity["category"] == "out_of_province" else "screenshot"
    proof = api.upload_pdf(learner, kind, "学分证明.pdf")
    body = entry.activity | {"id_number": person.id_number, "name": person.name, "evidence_ids": [proof]}

    def entered() -> str | None:
        # Until credits has seen the file stored (EvidenceStored), the entry is refused.
        answer = api.call("POST", "/api/credits/entries", who=learner, json=body, allow=(422,))
        if answer.status_code == 201:
            return answer.json()["credit_id"]
        if answer.json()["error"]["code"] != "self_entry.evidence_unknown":
            raise DemoFailed(f"{entry.learner}'s entry refused: {answer.text}")
        return None

    return eventually(entered, f"{entry.learner}'s entry 《{entry.activity['project_name']}》 to be accepted")


def _decide(api: FrontDoor, reviewer: dict, credit_id: str, decision: dict) -> None:
    answer = api.json("POST", "/api/credits/reviews", who=reviewer, json={"credit_ids": [credit_id]} | decision)
    if not answer["results"][0]["ok"]:
        raise DemoFailed(f"review of {credit_id}: {answer}")


def credits(api: FrontDoor, jinjiang: Signed, hangzhou: Signed) -> None:
    """Every review state: Zhejiang's three levels and the Jinjiang district's queue."""
    year = stack_now().year - 1  # last year's credits: the regular review, not Jinjiang's early one
    enter_all(api, hangzhou, zhejiang_entries(year), [api.sign_in(*HZ_CITY), api.sign_in(*ZJ_OFFICE)])
    enter_all(api, jinjiang, jinjiang_entries(year), [api.sign_in("jj-district", "Jinjiang2026")])
