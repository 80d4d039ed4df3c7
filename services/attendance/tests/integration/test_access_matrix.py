"""Who may do what with a session, as a table: role × scope × endpoint. A regulator reads only
within its own province (a Sichuan regulator is refused a Jiangsu session's attendee list)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from cme_platform.auth import Role
from cme_platform.testing.matrix import ALL, IN_PROVINCE, IN_UNIT, Row, Scope, Subject, missing_rows, public, run
from cme_platform.testing.tokens import auth_header


@pytest.fixture(scope="module")
async def session_id(service, make):
    app, _ = service
    event = make.approval(start=datetime.now(UTC) - timedelta(minutes=30), session_id=f"sess-{uuid.uuid4().hex[:12]}")
    await make.add_session(app, event)
    return event.session_id


def _subject(make) -> Subject:
    return Subject(account_id=make.owner, id_number=make.id_number(900), unit_id=make.unit, city_id="320500",
                   jurisdiction="jiangsu", other_id_number=make.id_number(901), other_city_id="320100",
                   other_jurisdiction="sichuan")


VIEWERS = {Role.PROJECT_OWNER: frozenset({Scope.OWN}), Role.UNIT_ADMIN: IN_UNIT,
           Role.PROVINCIAL_OFFICE: IN_PROVINCE, Role.REGULATOR: IN_PROVINCE}


def _rows(session: str, make) -> list[Row]:
    base = f"/api/attendance/sessions/{session}"
    scan = {"session_id": session, "device_id": "dev-1", "id_number": make.id_number(902), "direction": "in",
            "scanned_at": datetime.now(UTC).isoformat()}

    def get(path: str):
        return lambda client, headers: client.get(path, headers=headers)

    def post(path: str, body_of):
        return lambda client, headers: client.post(path, headers=headers, json=body_of())

    uploaders = {Role.DEVICE: ALL, Role.PROJECT_OWNER: ALL}  # per-session checks refuse records, not requests
    return [
        Row("POST", "/api/attendance/scan-batches", post("/api/attendance/scan-batches", lambda: {
            "records": [scan | {"nonce": uuid.uuid4().hex}]}), uploaders),
        Row("POST", "/api/attendance/scans", post("/api/attendance/scans", lambda: scan | {"nonce": uuid.uuid4().hex}),
            uploaders),
        Row("GET", "/api/attendance/sessions/{session_id}", get(base), VIEWERS),
        Row("GET", "/api/attendance/sessions/{session_id}/qr/{direction}.{fmt}", get(f"{base}/qr/in.svg"), VIEWERS),
        Row("GET", "/api/attendance/sessions/{session_id}/counts", get(f"{base}/counts"), VIEWERS),
        Row("GET", "/api/attendance/sessions/{session_id}/refused-scans", get(f"{base}/refused-scans"), VIEWERS),
        Row("GET", "/api/attendance/sessions/{session_id}/attendees", get(f"{base}/attendees"), VIEWERS),
        Row("GET", "/api/attendance/sessions/{session_id}/execution-report", get(f"{base}/execution-report"), VIEWERS),
        Row("GET", "/scan/display/{session_id}", get(f"/scan/display/{session}"), VIEWERS),
        # Refused by the deadline rule (422) when allowed; what matters here is who gets that far.
        Row("POST", "/api/attendance/sessions/{session_id}/execution-report",
            post(f"{base}/execution-report", lambda: {"id_numbers": [make.id_number(903)]}),
            {Role.UNIT_ADMIN: IN_UNIT}),
        # The learner's phone pages: the signed QR token in the request is the access rule.
        public("GET", "/scan/{direction}"), public("POST", "/scan/in"), public("POST", "/scan/out/identify"),
        public("POST", "/scan/out/questionnaire"), public("POST", "/scan/out/confirm"),
    ]


async def test_every_route_of_the_service_has_a_row(service, make):
    app, _ = service
    assert missing_rows(app, _rows("s", make)) == set()


async def test_each_role_and_scope_reaches_exactly_its_cells(service, make, session_id):
    _, client = service
    assert await run(client, _subject(make), _rows(session_id, make)) == []


async def test_a_sichuan_regulator_is_refused_a_jiangsu_sessions_attendees(service, session_id):
    _, client = service
    path = f"/api/attendance/sessions/{session_id}/attendees"
    sichuan = await client.get(path, headers=auth_header(Role.REGULATOR, jurisdiction="sichuan"))
    jiangsu = await client.get(path, headers=auth_header(Role.REGULATOR, jurisdiction="jiangsu"))
    assert sichuan.status_code == 403 and sichuan.json()["error"]["code"] == "session.forbidden"
    assert jiangsu.status_code == 200
