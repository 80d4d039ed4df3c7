"""A session's attendee list and its execution report, downloaded as XLSX or CSV: the same rows
as the lists, Chinese headers, times on the Beijing clock, and only for those who may see the session."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from cme_platform.auth import Role
from cme_platform.testing.tokens import auth_header

DEVICE = auth_header(Role.DEVICE, account_id="device-1")


def _swipe(session_id: str, person: str, name: str, direction: str, moment: datetime) -> dict:
    return {"session_id": session_id, "device_id": "dev-1", "nonce": uuid.uuid4().hex, "id_number": person,
            "name": name, "direction": direction, "scanned_at": moment.isoformat()}


async def _held_yesterday(make, app, client) -> tuple[str, dict[str, str]]:
    """A session held yesterday: 孙七 swiped in at 08:00 and out at 15:00, 李明 in at 08:10 and never out."""
    day = datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1)
    event = make.approval(start=make.at(day, 8))
    await make.add_session(app, event)
    people = {"孙七": make.id_number(601), "李明": make.id_number(602)}
    swipes = [_swipe(event.session_id, people["孙七"], "孙七", "in", make.at(day, 8)),
              _swipe(event.session_id, people["孙七"], "孙七", "out", make.at(day, 15)),
              _swipe(event.session_id, people["李明"], "李明", "in", make.at(day, 8, 10))]
    assert (await client.post("/api/attendance/scan-batches", json={"records": swipes}, headers=DEVICE)).json()[
        "accepted"] == 3
    return event.session_id, people


def _admin(make) -> dict:
    return auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id=make.unit, city_id="320500")


def _sheet(answer) -> list[tuple]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))


async def test_the_attendee_list_downloads_with_beijing_times_and_hours_as_numbers(make, service):
    app, client = service
    session_id, people = await _held_yesterday(make, app, client)
    answer = await client.get(f"/api/attendance/sessions/{session_id}/attendees", headers=_admin(make),
                              params={"format": "xlsx"})
    header, *rows = _sheet(answer)
    assert header[:6] == ("姓名", "身份证号", "手机", "单位", "科室", "职称") and "签到时间" in header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_name) == {"孙七", "李明"}
    sun = by_name["孙七"]
    assert sun["身份证号"] == people["孙七"]
    assert sun["签到时间"].endswith(" 08:00") and sun["签退时间"].endswith(" 15:00"), "on the Beijing clock"
    assert sun["学时"] == 7 and sun["达到要求"] == "是"
    assert by_name["李明"]["签退时间"] is None and by_name["李明"]["达到要求"] == "否"
    name = unquote(answer.headers["content-disposition"].split("''", 1)[1])
    assert name == "学员名单-心血管病学新进展学习班.xlsx"


async def test_the_execution_report_downloads_as_csv_with_the_reported_attendees_only(make, service):
    app, client = service
    session_id, people = await _held_yesterday(make, app, client)
    url = f"/api/attendance/sessions/{session_id}/execution-report"
    before = await client.get(url, headers=_admin(make))
    assert before.status_code == 200 and before.json()["attendees"] == [] and before.json()["report_id"] is None
    submitted = await client.post(url, json={"id_numbers": list(people.values())}, headers=_admin(make))
    assert submitted.status_code == 201, submitted.text

    answer = await client.get(url, headers=_admin(make), params={"format": "csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")
    lines = answer.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "姓名,身份证号,手机,单位,科室,职称,单位所在地,基层,学时,学分类别,项目学分,疑似代签"
    assert [line.split(",")[0] for line in lines[1:] if line] == ["孙七"], "李明 never swiped out: left out"
    assert lines[1].split(",")[1] == "\t" + people["孙七"] and lines[1].split(",")[8:11] == ["7", "Ⅰ类", "5"]


async def test_another_units_admin_and_an_unknown_format_are_refused(make, service):
    app, client = service
    session_id, _ = await _held_yesterday(make, app, client)
    url = f"/api/attendance/sessions/{session_id}/attendees"
    other = auth_header(Role.UNIT_ADMIN, account_id="admin-2", unit_id="unit-elsewhere")
    assert (await client.get(url, headers=other, params={"format": "xlsx"})).status_code == 403
    refused = await client.get(url, headers=_admin(make), params={"format": "docx"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "export.unknown_format"
