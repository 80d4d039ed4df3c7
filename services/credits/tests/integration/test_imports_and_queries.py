"""Remote-education imports (XLSX, CSV, API push) and the queries built on the ledger."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from cme_contracts.events import CreditApproved, ReportedAttendee
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

SETTINGS = {"public_query_limit": 3}
INSTITUTION = auth_header("remote_education", account_id="acct-huayi", jurisdiction="zhejiang")
HEADER = [
    "身份证号",
    "姓名",
    "工作单位",
    "单位编码",
    "项目编号",
    "项目名称",
    "学分类别",
    "学分",
    "学时",
    "开始日期",
    "结束日期",
]


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def upload(service, filename: str, content: bytes, headers=INSTITUTION) -> dict:
    response = await service.client.post("/api/credits/imports", headers=headers, files={"file": (filename, content)})
    assert response.status_code == 200, response.text
    return response.json()


def row(
    id_number, *, number="2024-01-04-072（国）", name="慢病管理远程课程", credit_class="I", credits=5, unit="zj-unit-9"
):
    return [
        id_number,
        "李娜",
        "宁波市第一医院",
        unit,
        number,
        name,
        credit_class,
        credits,
        15,
        "2024-03-01",
        "2024-03-02",
    ]


async def test_an_xlsx_with_good_duplicate_and_bad_rows_is_reported_row_by_row_and_grants_once(service, id_number):
    first, second = id_number(), id_number()
    content = workbook([row(first), row(second), row(first), ["110101199003074510", "坏号", "", "", "", "课程", "I", 2],
                        row(second, number="2024-01-04-073（国）", credit_class="III"), row(second, credits="五")])
    report = await upload(service, "huayi-2024.xlsx", content)
    assert report["counts"] == {"accepted": 2, "duplicate": 1, "refused": 3}
    outcomes = {r["row"]: r.get("code", r["outcome"]) for r in report["rows"]}
    assert outcomes == {2: "accepted", 3: "accepted", 4: "duplicate", 5: "id_number.invalid",
                        6: "import.bad_class", 7: "import.bad_number"}

    again = await upload(service, "huayi-2024.xlsx", content)
    assert again["counts"] == {"accepted": 0, "duplicate": 3, "refused": 3}
    rows = await service.credits_of(first)
    assert len(rows) == 1 and (rows[0].status, rows[0].level, rows[0].credits) == ("approved", "national", 5)
    assert len(await service.published(CreditApproved, id_number=first)) == 1


async def test_the_template_downloaded_has_chinese_columns_and_an_example_row_that_imports_as_it_is(service):
    answer = await service.client.get("/api/credits/imports/template", headers=INSTITUTION)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    header, example = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert header[:3] == ("身份证号", "姓名", "工作单位") and "学分类别" in header and "credit_class" not in header
    report = await upload(service, "远程教育学分导入模板.xlsx", answer.content)
    assert report["counts"] == {"accepted": 1, "duplicate": 0, "refused": 0}, report
    assert example[0] == report["rows"][0]["id_number"]


async def test_a_template_without_a_required_column_names_it_in_chinese(service):
    answer = await service.client.post("/api/credits/imports", headers=INSTITUTION, files={
        "file": ("学分.csv", "身份证号,姓名,项目名称,学分\n510104198503121232,张三,课程,2\n".encode())})
    assert answer.json()["error"]["code"] == "import.missing_columns"
    assert answer.json()["error"]["message"] == "模板缺少必填列：学分类别"


async def test_csv_uploads_and_api_pushes_are_accepted_but_unknown_formats_and_other_roles_are_not(service, id_number):
    person = id_number()
    csv = (
        "\ufeff" + ",".join(HEADER) + "\n" + ",".join(str(v) for v in row(person, credit_class="II", credits=3))
    ).encode()
    assert (await upload(service, "haoyisheng.csv", csv))["counts"]["accepted"] == 1
    pushed = await service.client.post("/api/credits/remote-records", headers=INSTITUTION, json={"records": [
        {"id_number": person, "name": "李娜", "project_name": "护理远程课程", "credit_class": "II", "credits": 2,
         "year": 2024, "record_id": "hy-0001"}]})
    assert pushed.json()["counts"]["accepted"] == 1
    unknown = await service.client.post("/api/credits/imports", headers=INSTITUTION, files={"file": ("a.pdf", b"x")})
    assert unknown.json()["error"]["code"] == "import.unsupported_file"
    learner = auth_header("learner", account_id="acct-x", id_number=person)
    assert (await service.client.post("/api/credits/imports", headers=learner,
                                      files={"file": ("a.csv", csv)})).status_code == 403


async def test_a_gbk_csv_from_an_older_windows_is_imported_and_an_unreadable_one_is_refused_in_chinese(
        service, id_number):
    person = id_number()
    lines = ["\t".join(HEADER), "\t".join(str(v) for v in row(person, name="基层慢病管理（远程）", credits=4))]
    gbk = ("\r\n".join(lines) + "\r\n").encode("gbk")
    report = await upload(service, "华医网-2024.csv", gbk)
    assert report["counts"] == {"accepted": 1, "duplicate": 0, "refused": 0}, report
    (granted,) = await service.credits_of(person)
    assert (granted.name, granted.project_name, granted.credits) == ("李娜", "基层慢病管理（远程）", 4)

    unreadable = await service.client.post("/api/credits/imports", headers=INSTITUTION,
                                           files={"file": ("华医网-2024.csv", b"\xd6\xd0\x80,\xff\r\n")})
    assert unreadable.status_code == 422, unreadable.text
    error = unreadable.json()["error"]
    assert error["code"] == "import.bad_encoding" and "GB18030/GBK" in error["message"]
    assert error["details"]["encodings_tried"] == ["utf-8-sig", "gb18030"]


async def test_compliance_explains_mixed_classes_the_five_year_rule_and_a_what_if(service, execution_report, id_number):
    person = id_number()
    await service.client.post("/api/credits/remote-records", headers=INSTITUTION, json={"records": [
        {"id_number": person, "name": "周敏", "project_number": "2024-01-04-100（国）", "project_name": "国家级远程",
         "credit_class": "I", "credits": 6, "year": 2024, "unit_id": "zj-unit-9"},
        {"id_number": person, "name": "周敏", "project_name": "省级Ⅱ类", "credit_class": "II", "credits": 14,
         "level": "provincial", "year": 2024, "unit_id": "zj-unit-9"},
        {"id_number": person, "name": "周敏", "project_number": "2020-01-04-100（国）", "project_name": "国家级旧课程",
         "credit_class": "I", "credits": 3, "year": 2020},
    ]})
    await service.send(execution_report(jurisdiction="zhejiang", level="provincial", credit_class="II", credits=5,
                                        attendees=[ReportedAttendee(id_number=person, name="周敏", attended_hours=30)]))
    pending = (await eventually(lambda: _pending(service, person))).credit_id
    headers = auth_header("learner", account_id="acct-zhou", id_number=person)
    query = {"id_number": person, "year": 2024, "staff_level": "tertiary_hospital"}

    current = (await service.client.get("/api/credits/compliance", headers=headers, params=query)).json()
    assert not current["met"]
    assert {g["code"]: g["short_by"] for g in current["missing"]} == {"class_ii": 1, "annual_total": 5,
                                                                       "national_window": 1}
    explanations = {c["credit_id"]: c for c in current["credits"]}
    assert not explanations[pending]["counted"] and "审核中" in explanations[pending]["explanation"]
    assert len(explanations) == 4  # the 2020 national credit explains the five-year window

    what_if = (await service.client.get("/api/credits/compliance", headers=headers,
                                        params=query | {"what_if": pending})).json()
    assert [g["code"] for g in what_if["missing"]] == ["national_window"]
    assert what_if["without_what_if"]["met"] is False
    assert (await service.client.get("/api/credits/compliance", headers=headers,
                                     params=query | {"staff_level": "community", "what_if": pending})).json()["met"]
    someone_else = auth_header("learner", account_id="acct-other", id_number=id_number())
    refused = await service.client.get("/api/credits/compliance", headers=someone_else, params=query)
    assert refused.json()["error"]["code"] == "query.not_own"


async def test_unit_statistics_count_only_the_units_own_credits(service, id_number):
    await service.client.post("/api/credits/remote-records", headers=INSTITUTION, json={"records": [
        {"id_number": id_number(), "name": "吴昊", "project_name": "统计课程", "credit_class": "I", "credits": 1,
         "year": 2023, "unit_id": "zj-unit-stats"}]})
    unit = auth_header("unit_admin", account_id="acct-stats", unit_id="zj-unit-stats", jurisdiction="zhejiang")
    stats = (await service.client.get("/api/credits/statistics", headers=unit, params={"year": 2023})).json()
    assert stats["by_status"] == [{"status": "approved", "credit_class": "I", "count": 1, "credits": 1, "people": 1}]
    assert stats["compliance"] == {"people": 1, "met": 0, "rate": 0.0}
    other = auth_header("unit_admin", account_id="acct-o", unit_id="elsewhere", jurisdiction="zhejiang")
    assert (await service.client.get("/api/credits/statistics", headers=other, params={"year": 2023})).json()[
        "by_status"] == []


async def test_unit_compliance_rate_counts_the_people_who_meet_the_yearly_requirement(service, id_number):
    unit_id = "zj-unit-rate"
    complete, short = id_number(), id_number()
    await service.client.post("/api/credits/remote-records", headers=INSTITUTION, json={"records": [
        {"id_number": complete, "name": "周全", "project_name": "远程课程甲", "credit_class": "I", "credits": 10,
         "year": 2024, "unit_id": unit_id},
        {"id_number": complete, "name": "周全", "project_name": "远程课程乙", "credit_class": "II", "credits": 15,
         "year": 2024, "unit_id": unit_id},
        {"id_number": short, "name": "钱少", "project_name": "远程课程甲", "credit_class": "I", "credits": 10,
         "year": 2024, "unit_id": unit_id}]})
    unit = auth_header("unit_admin", account_id="acct-rate", unit_id=unit_id, jurisdiction="zhejiang")
    stats = (await service.client.get("/api/credits/statistics", headers=unit, params={"year": 2024})).json()
    assert stats["compliance"] == {"people": 2, "met": 1, "rate": 0.5}


async def test_the_public_query_shows_approved_credits_masked_and_is_rate_limited(service, id_number):
    person = id_number()
    await service.client.post("/api/credits/remote-records", headers=INSTITUTION, json={"records": [
        {"id_number": person, "name": "郑晓明", "project_name": "公开课程", "credit_class": "I", "credits": 2,
         "year": 2024}]})
    client = {"x-forwarded-for": f"203.0.113.{int(person[-4:-1]) % 250}"}
    answers = [await service.client.get("/api/credits/public", params={"id_number": person}, headers=client)
               for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    body = answers[0].json()
    assert body["id_number"] == person[:4] + "*" * 10 + person[-4:]
    assert body["credits"][0]["name"] == "郑**" and person not in answers[0].text
    assert answers[3].json()["error"]["code"] == "rate_limited"


async def _pending(service, person):
    return next((r for r in await service.credits_of(person) if r.status == "in_review"), None)
