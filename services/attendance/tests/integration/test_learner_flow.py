"""The learner's flow on a phone against real PostgreSQL, Redis and the broker: QR tokens,
the registration form, check-out with the questionnaire, and the venue display."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from cme_attendance.domain import qr
from cme_contracts import Envelope, topics
from cme_contracts.events.common import Direction
from cme_platform.auth import Role
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-1")
FORM = {"name": "张三", "sex": "男", "age": "45", "phone": "13912345678", "unit": "苏州大学附属第二医院",
        "department": "心内科", "unit_location": "苏州", "grassroots": "否", "title": "主治医师", "education": "本科"}
ANSWERS = {"q1": "是", "q2": "部分知道", "q3": "很大", "q4": "很好", "q5": "满意", "q6": "满意",
           "q7": ["开阔思路", "提高理论水平"]}


def token(make, session, direction: Direction, slots_ago: int = 0, key: str | None = None) -> str:
    slot = qr.current_slot(session.window(direction), session.qr_refresh_seconds, datetime.now(UTC)) - slots_ago
    return qr.sign((key or make.signing_key).encode(), session.session_id, direction, slot)


def ticket_in(page: str) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def code_in(page: str) -> str:
    return re.search(r'data-code="([^"]*)"', page).group(1)


async def live_session(make, service, **kwargs):
    app, _ = service
    event = make.approval(start=datetime.now(UTC) - timedelta(hours=1), refresh_seconds=60, **kwargs)
    await make.add_session(app, event)
    return make.session_of(event)


async def test_an_approved_hold_application_becomes_a_session_with_its_qr_codes(make, service):
    app, client = service
    event = make.approval(start=datetime.now(UTC))
    envelope = Envelope(source="/cme/projects", type=event.type_name(), subject=event.project_id,
                        data=event.model_dump(mode="json"))
    await app.state.runtime.producer.send_and_wait(topics.PROJECTS, envelope.to_bytes(), key=event.project_id.encode())

    async def details():
        response = await client.get(f"/api/attendance/sessions/{event.session_id}", headers=OWNER)
        return response.json() if response.status_code == 200 else None

    found = await eventually(details)
    assert found["check_in_url"].startswith("https://cme.example.cn/scan/in?t=")
    assert found["check_out_url"].startswith("https://cme.example.cn/scan/out?t=")
    stranger = auth_header(Role.PROJECT_OWNER, account_id="someone-else")
    assert (await client.get(f"/api/attendance/sessions/{event.session_id}", headers=stranger)).status_code == 403


async def test_forged_expired_wrong_direction_and_out_of_window_tokens_are_each_refused_and_kept(make, service):
    app, client = service
    session = await live_session(make, service)
    closed = make.approval(start=datetime.now(UTC) - timedelta(days=3))
    await make.add_session(app, closed)
    closed_session = make.session_of(closed)
    cases = {
        "qr.forged": ("in", token(make, session, Direction.IN, key="another-key-that-is-not-the-platforms")),
        "qr.expired": ("in", token(make, session, Direction.IN, slots_ago=2)),
        "qr.wrong_direction": ("in", token(make, session, Direction.OUT)),
        "scan.outside_window": ("in", token(make, closed_session, Direction.IN)),
    }
    for code, (path, value) in cases.items():
        response = await client.get(f"/scan/{path}", params={"t": value})
        assert response.status_code == 422, code
        assert code_in(response.text) == code
    previous = await client.get("/scan/in", params={"t": token(make, session, Direction.IN, slots_ago=1)})
    assert previous.status_code == 200 and "身份证号码" in previous.text

    log = (await client.get(f"/api/attendance/sessions/{session.session_id}/refused-scans", headers=OWNER)).json()
    assert {row["code"] for row in log["refused_scans"]} == {"qr.forged", "qr.expired", "qr.wrong_direction"}
    closed_log = await client.get(f"/api/attendance/sessions/{closed_session.session_id}/refused-scans", headers=OWNER)
    assert [row["code"] for row in closed_log.json()["refused_scans"]] == ["scan.outside_window"]


async def test_check_in_with_the_registration_form_then_check_out_with_the_questionnaire(make, service):
    app, client = service
    session = await live_session(make, service)
    person = make.id_number(101)
    opened = await client.get("/scan/in", params={"t": token(make, session, Direction.IN)})
    ticket = ticket_in(opened.text)

    bad = await client.post("/scan/in", data={"ticket": ticket, "id_number": person[:-1] + _wrong(person), **FORM})
    assert bad.status_code == 422 and "校验位" in bad.text and 'value="张三"' in bad.text
    done = await client.post("/scan/in", data={"ticket": ticket, "id_number": person, **FORM})
    assert done.status_code == 200 and "您的信息注册成功！" in done.text
    replay = await client.post("/scan/in", data={"ticket": ticket, "id_number": person, **FORM})
    assert code_in(replay.text) == "scan.ticket_expired"
    again = await client.get("/scan/in", params={"t": token(make, session, Direction.IN)})
    second = await client.post("/scan/in", data={"ticket": ticket_in(again.text), "id_number": person, **FORM})
    assert second.status_code == 200 and "签到时间仍按那一条计算" in second.text
    assert len(await make.outbox_events(app, "cme.attendance.CheckedIn.v1", session.session_id)) == 1

    out = ticket_in((await client.get("/scan/out", params={"t": token(make, session, Direction.OUT)})).text)
    stranger = await client.post("/scan/out/identify", data={"ticket": out, "phone": "13800000000"})
    assert code_in(stranger.text) == "scan.check_out_without_check_in"
    identity = await client.post("/scan/out/identify", data={"ticket": out, "phone": FORM["phone"]})
    assert "张三" in identity.text and "3205**********" in identity.text and person not in identity.text
    questions = await client.post("/scan/out/questionnaire", data={"ticket": out, "phone": FORM["phone"]})
    assert "收获最大的是（选两项）" in questions.text
    partial = await client.post("/scan/out/confirm", data={"ticket": out, "phone": FORM["phone"], **ANSWERS,
                                                           "q7": "开阔思路"})
    assert partial.status_code == 422 and "第7题" in partial.text
    left = await client.post("/scan/out/confirm", data={"ticket": out, "phone": FORM["phone"], **ANSWERS})
    assert left.status_code == 200 and "离场确认成功" in left.text
    checked_out = await make.outbox_events(app, "cme.attendance.CheckedOut.v1", session.session_id)
    assert [(e["id_number"], e["method"]) for e in checked_out] == [(person, "qr")]

    counts = (await client.get(f"/api/attendance/sessions/{session.session_id}/counts", headers=OWNER)).json()
    assert counts == {"checked_in": 1, "checked_out": 1, "present": 0, "refused": 1}


async def test_the_venue_display_shows_the_current_code_and_live_counts(make, service):
    _, client = service
    session = await live_session(make, service)
    page = await client.get(f"/scan/display/{session.session_id}", params={"direction": "out"}, headers=OWNER)
    assert page.status_code == 200
    assert f"/api/attendance/sessions/{session.session_id}/qr/out.svg" in page.text and "请扫码签退" in page.text
    png = await client.get(f"/api/attendance/sessions/{session.session_id}/qr/in.png", headers=OWNER)
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = await client.get(f"/api/attendance/sessions/{session.session_id}/qr/in.svg", headers=OWNER)
    assert b"<svg" in svg.content
    assert (await client.get(f"/scan/display/{session.session_id}")).status_code == 401


def _wrong(id_number: str) -> str:
    return "0" if id_number[-1] != "0" else "1"


async def test_a_phone_opening_scan_pages_too_fast_is_told_to_wait_in_chinese(make, service):
    app, client = service
    settings = app.state.runtime.settings
    limit, settings.scan_rate_limit_per_minute = settings.scan_rate_limit_per_minute, 2
    try:
        visitor = {"X-Forwarded-For": f"203.0.113.{uuid.uuid4().int % 250}"}  # through the front door
        answers = [await client.get("/scan/in", params={"t": "x"}, headers=visitor) for _ in range(3)]
    finally:
        settings.scan_rate_limit_per_minute = limit
    assert [a.status_code for a in answers][-1] == 429
    assert int(answers[-1].headers["Retry-After"]) > 0 and "访问过于频繁" in answers[-1].text
