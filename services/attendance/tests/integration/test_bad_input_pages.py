"""The learner's forms on a phone, refused: each problem in Chinese under its own field, answers kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from cme_attendance.domain import qr
from cme_contracts.events.common import Direction
from cme_platform.testing.forms import assert_said_in_chinese, field_error, is_marked_invalid

FORM = {"name": "李四", "sex": "女", "age": "38", "phone": "13912340000", "unit": "苏州市立医院",
        "department": "儿科", "unit_location": "苏州", "grassroots": "否", "title": "主治医师"}


def assert_under(html: str, field: str, *words: str) -> None:
    said = field_error(html, field)
    assert_said_in_chinese(said)
    assert all(word in said for word in words), said
    assert is_marked_invalid(html, field)


async def opened(make, service, direction: Direction) -> tuple[str, object]:
    app, client = service
    event = make.approval(start=datetime.now(UTC) - timedelta(hours=1), refresh_seconds=60)
    await make.add_session(app, event)
    session = make.session_of(event)
    slot = qr.current_slot(session.window(direction), session.qr_refresh_seconds, datetime.now(UTC))
    page = await client.get(f"/scan/{direction.value}", params={
        "t": qr.sign(make.signing_key.encode(), session.session_id, direction, slot)})
    return re.search(r'name="ticket" value="([^"]+)"', page.text).group(1), session


async def test_the_registration_form_says_each_mistake_under_its_field(make, service):
    _, client = service
    ticket, _ = await opened(make, service, Direction.IN)
    refused = await client.post("/scan/in", data={**FORM, "ticket": ticket, "id_number": "32050219800101123",
                                                  "name": "", "phone": "1391234", "age": "七十"})
    assert refused.status_code == 422 and 'value="苏州市立医院"' in refused.text
    assert_under(refused.text, "id_number", "身份证号码")
    assert_under(refused.text, "name", "姓名")
    assert_under(refused.text, "phone", "手机号")
    assert_under(refused.text, "age", "年龄")
    assert field_error(refused.text, "unit") is None


async def test_a_phone_number_without_a_check_in_is_said_under_the_phone_at_check_out(make, service):
    _, client = service
    ticket, session = await opened(make, service, Direction.OUT)
    mistyped = await client.post("/scan/out/identify", data={"ticket": ticket, "phone": "1391234"})
    assert mistyped.status_code == 422 and session.project_name in mistyped.text
    assert_under(mistyped.text, "phone", "11位")
    unknown = await client.post("/scan/out/identify", data={"ticket": ticket, "phone": "13800000001"})
    assert 'value="13800000001"' in unknown.text
    assert_under(unknown.text, "phone", "未找到该手机号的签到记录")


async def test_every_unanswered_question_is_marked_under_the_question(make, service):
    _, client = service
    ticket_in, session = await opened(make, service, Direction.IN)
    await client.post("/scan/in", data={**FORM, "ticket": ticket_in, "id_number": make.id_number(202)})
    slot = qr.current_slot(session.window(Direction.OUT), session.qr_refresh_seconds, datetime.now(UTC))
    page = await client.get("/scan/out", params={
        "t": qr.sign(make.signing_key.encode(), session.session_id, Direction.OUT, slot)})
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.text).group(1)
    partial = await client.post("/scan/out/confirm", data={"ticket": ticket, "phone": FORM["phone"], "q1": "是",
                                                           "q7": "开阔思路"})
    assert partial.status_code == 422 and re.search(r'value="是"\s+checked', partial.text)
    assert_under(partial.text, "q2", "选择一项")
    assert_under(partial.text, "q7", "选择2项")
    assert field_error(partial.text, "q1") is None
