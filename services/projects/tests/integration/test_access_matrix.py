"""Who may see and change a project and its hold application, as a table: role × scope ×
endpoint. The subject is a Jiangsu project owner of unit-1 with a project and a draft
application; workflow steps taken out of turn are refused by state (422/409) once access is
granted, so the draft stays a draft through the table."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from cme_platform.auth import Role
from cme_platform.testing.matrix import ALL, IN_PROVINCE, IN_UNIT, Row, Scope, Subject, missing_rows, public, run
from cme_platform.testing.tokens import auth_header

OWN = frozenset({Scope.OWN})
MANAGERS = {Role.PROJECT_OWNER: OWN, Role.UNIT_ADMIN: IN_UNIT, Role.PROVINCIAL_OFFICE: IN_PROVINCE}
WHO = Subject(account_id="owner-matrix", id_number="32050219800101001X", unit_id="unit-1", city_id="320500",
              jurisdiction="jiangsu", other_id_number="320502198001010021", other_city_id="320100",
              other_jurisdiction="sichuan")


def _plan() -> dict:
    first_day = date.today() + timedelta(days=30)
    days = [{"day": str(first_day), "starts": "08:30", "ends": "12:00"}]
    return {"venue": "苏州", "days": days, "expected_attendance": 150,
            "attachments": {"meeting_notice": f"ev-{uuid.uuid4().hex[:8]}", "schedule": f"ev-{uuid.uuid4().hex[:8]}"}}


@pytest.fixture
async def subject(service) -> tuple[str, str]:
    owner = auth_header(Role.PROJECT_OWNER, **WHO.claims(Scope.OWN))
    project = await service.client.post("/api/projects", headers=owner, json={
        "number": f"2026-14-02-{uuid.uuid4().int % 1000:03d} (国)", "name": "外科护理新进展", "credit_class": "I",
        "credits": 10, "jurisdiction": "jiangsu"})
    assert project.status_code == 201, project.text
    drafted = await service.client.post(f"/api/projects/{project.json()['id']}/hold-applications", headers=owner,
                                        json=_plan())
    assert drafted.status_code == 201, drafted.text
    return project.json()["id"], drafted.json()["id"]


def _rows(project_id: str, application_id: str) -> list[Row]:
    app = f"/api/projects/hold-applications/{application_id}"

    def call(method, path, body=None, **params):
        return lambda client, headers: client.request(method, path, headers=headers, json=body, params=params)

    return [
        Row("GET", "/api/projects/hold-applications/{application_id}", call("GET", app), MANAGERS),
        Row("GET", "/api/projects/hold-applications", call("GET", "/api/projects/hold-applications"), MANAGERS,
            sees=lambda a: application_id in a.text),
        Row("GET", "/api/projects/mine", call("GET", "/api/projects/mine"), MANAGERS,
            sees=lambda a: project_id in a.text),
        Row("PATCH", "/api/projects/{project_id}", call("PATCH", f"/api/projects/{project_id}", {"lead": "王主任"}),
            MANAGERS),
        Row("POST", "/api/projects/{project_id}/hold-applications",
            call("POST", f"/api/projects/{project_id}/hold-applications", _plan()), {Role.PROJECT_OWNER: OWN}),
        Row("PUT", "/api/projects/hold-applications/{application_id}", call("PUT", app, _plan()),
            {Role.PROJECT_OWNER: OWN}),
        Row("POST", "/api/projects/hold-applications/{application_id}/confirm", call("POST", f"{app}/confirm"),
            {Role.UNIT_ADMIN: IN_UNIT}),
        Row("POST", "/api/projects/hold-applications/{application_id}/approve", call("POST", f"{app}/approve"),
            {Role.PROVINCIAL_OFFICE: IN_PROVINCE}),
        Row("POST", "/api/projects/hold-applications/{application_id}/return",
            call("POST", f"{app}/return", {"reason": "请补充日程"}), {Role.PROVINCIAL_OFFICE: IN_PROVINCE}),
        Row("POST", "/api/projects/hold-applications/{application_id}/submit", call("POST", f"{app}/submit"),
            {Role.PROJECT_OWNER: OWN}),
        Row("POST", "/api/projects", call("POST", "/api/projects", {"number": "x"}),
            {Role.PROJECT_OWNER: ALL, Role.PROVINCIAL_OFFICE: ALL}),
        Row("POST", "/api/projects/imports", lambda client, headers: client.post(
            "/api/projects/imports", headers=headers, files={"file": ("list.csv", b"x\n")}),
            {Role.PROVINCIAL_OFFICE: ALL}),
        public("GET", "/api/projects"), public("GET", "/api/projects/remote-filings"),
        public("GET", "/api/projects/{project_id}"),
    ]


async def test_every_route_of_the_service_has_a_row(service):
    assert missing_rows(service.app, _rows("p", "a")) == set()


async def test_each_role_and_scope_reaches_exactly_its_cells(service, subject):
    assert await run(service.client, WHO, _rows(*subject)) == []
