"""The lists an office works from, downloaded as XLSX or CSV: the same rows and scope as the list,
Chinese headers and labels. Unit A (Hangzhou) and unit B (Ningbo) each report a session; unit A's
admin and the Hangzhou city office download, and unit B's people are never in their files."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from cme_contracts.events import ReportedAttendee
from cme_platform.auth import Role
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

HANGZHOU = auth_header(Role.CITY_OFFICE, account_id="acct-hz", city_id="330100", jurisdiction="zhejiang")


@dataclass
class Reported:
    """Unit A's admin token, unit A's two people and unit B's one, by name (their ID numbers)."""

    unit_a: dict
    unit_a_id: str
    people: dict[str, str]


@pytest.fixture
async def reported(service, execution_report, id_number) -> Reported:
    """周敏 and 吴静 of unit A, 钱峰 of unit B: each a class I credit of 4 waiting for their unit."""
    suffix = uuid.uuid4().hex[:8]
    unit_a, unit_b = f"unit-a-{suffix}", f"unit-b-{suffix}"
    people = {"周敏": id_number(), "吴静": id_number(), "钱峰": id_number()}
    for unit_id, city_id, names in ((unit_a, "330100", ("周敏", "吴静")), (unit_b, "330200", ("钱峰",))):
        attendees = [ReportedAttendee(id_number=people[n], name=n, unit=f"{city_id}医院", attended_hours=12,
                                      flags=["short_attendance"] if n == "吴静" else []) for n in names]
        await service.send(execution_report(jurisdiction="zhejiang", attendees=attendees, unit_id=unit_id,
                                            city_id=city_id))
    for number in people.values():
        await eventually(lambda number=number: service.credits_of(number))
    admin = auth_header(Role.UNIT_ADMIN, account_id=f"acct-{unit_a}", unit_id=unit_a, city_id="330100",
                        jurisdiction="zhejiang")
    return Reported(admin, unit_a, people)


async def _download(service, path: str, headers: dict, fmt: str, **params):
    answer = await service.client.get(path, headers=headers, params={"format": fmt, **params})
    assert answer.status_code == 200, answer.text
    return answer


def _xlsx(answer) -> list[tuple]:
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))


def _csv(answer) -> list[list[str]]:
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return [line.split(",") for line in answer.content.decode("utf-8-sig").split("\r\n") if line]


def _file_name(answer) -> str:
    return unquote(answer.headers["content-disposition"].split("filename*=UTF-8''", 1)[1])


def _names(rows, column: str = "姓名") -> set:
    at = list(rows[0]).index(column)
    return {row[at] for row in rows[1:]}


async def test_a_units_credit_status_downloads_as_its_list_shows_it_and_nothing_of_another_unit(service, reported):
    answer = await _download(service, "/api/credits", reported.unit_a, "xlsx", year=2024)
    header, *rows = _xlsx(answer)
    assert header[:3] == ("姓名", "身份证号", "单位") and "学分类别" in header and "待审核层级" in header
    assert _names([header, *rows]) == {"周敏", "吴静"}
    mine = dict(zip(header, next(r for r in rows if r[0] == "周敏"), strict=True))
    assert mine["身份证号"].count("*") >= 8, "masked as the list masks it"
    assert (mine["学分类别"], mine["学分级别"], mine["学分"], mine["状态"], mine["待审核层级"]) == (
        "Ⅰ类", "国家级", 4, "审核中", "单位")
    assert _file_name(answer) == "2024年度学分审核情况.xlsx"
    listed = (await service.client.get("/api/credits", headers=reported.unit_a, params={"year": 2024})).json()
    assert len(listed["credits"]) == len(rows), "the same rows as the list"


async def test_a_review_queue_downloads_as_csv_with_the_bom_and_chinese_flags(service, reported):
    rows = _csv(await _download(service, "/api/credits/queue", reported.unit_a, "csv"))
    assert rows[0][:3] == ["姓名", "身份证号", "单位"] and "疑似代签" in rows[0]
    assert _names(rows) == {"周敏", "吴静"}
    flags = dict(zip(rows[0], next(r for r in rows if r[0] == "吴静"), strict=True))["疑似代签"]
    assert flags == "在场时间明显不足"


async def test_compliance_by_person_says_who_is_short_and_by_how_much_within_the_city(service, reported):
    answer = await _download(service, "/api/credits/compliance/people", HANGZHOU, "xlsx", year=2024)
    header, *rows = _xlsx(answer)
    assert {"周敏", "吴静"} <= _names([header, *rows]) and "钱峰" not in _names([header, *rows])
    row = dict(zip(header, next(r for r in rows if r[0] == "周敏"), strict=True))
    assert (row["Ⅰ类学分"], row["计入总学分"], row["要求总学分"], row["是否达标"]) == (0, 0, 25, "未达标")
    assert "Ⅰ类学分至少" in row["尚缺"]
    assert _file_name(answer) == "2024年度学分达标情况.xlsx"
    one_unit = (await service.client.get("/api/credits/compliance/people", headers=HANGZHOU,
                                         params={"year": 2024, "unit_id": reported.unit_a_id})).json()
    assert {p["name"] for p in one_unit["people"]} == {"周敏", "吴静"}
    assert all(not p["met"] and p["missing"] for p in one_unit["people"])


async def test_statistics_download_counts_by_chinese_status_and_class(service, reported):
    rows = _csv(await _download(service, "/api/credits/statistics", reported.unit_a, "csv", year=2024))
    assert rows == [["状态", "学分类别", "记录数", "学分", "人数"], ["审核中", "Ⅰ类", "2", "8", "2"]]


async def test_an_unknown_format_is_refused_in_chinese_and_json_stays_the_default(service, reported):
    refused = await service.client.get("/api/credits/queue", headers=reported.unit_a, params={"format": "pdf"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "export.unknown_format" and "xlsx" in refused.json()["error"]["message"]
    plain = await service.client.get("/api/credits/queue", headers=reported.unit_a)
    assert plain.headers["content-type"].startswith("application/json") and len(plain.json()["credits"]) == 2


async def test_an_export_keeps_the_lists_role_gate(service, reported):
    learner = auth_header(Role.LEARNER, id_number=reported.people["周敏"], jurisdiction="zhejiang")
    answer = await service.client.get("/api/credits/queue", headers=learner, params={"format": "xlsx"})
    assert answer.status_code == 403
