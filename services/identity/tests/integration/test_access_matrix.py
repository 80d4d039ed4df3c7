"""Who may see and decide on an account, as a table: role × scope × endpoint. The subject is a
learner waiting for approval in a Chengdu (510100) unit of Sichuan."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from cme_platform.auth import Role
from cme_platform.testing.matrix import (
    ALL,
    IN_CITY,
    IN_PROVINCE,
    IN_UNIT,
    Row,
    Scope,
    Subject,
    missing_rows,
    public,
    run,
)

OWN = frozenset({Scope.OWN})
READERS = {role: OWN for role in Role} | {Role.UNIT_ADMIN: IN_UNIT, Role.CITY_OFFICE: IN_CITY,
                                          Role.PROVINCIAL_OFFICE: IN_PROVINCE, Role.REGULATOR: IN_PROVINCE}
PASSWORD = "Learner2026"


@pytest.fixture
async def subject(identity, new_org_code, new_id_number) -> Subject:
    code = new_org_code()
    unit = await identity.post("/api/identity/units", json={
        "org_code": code, "name": "成都市锦江区妇幼保健院", "jurisdiction": "sichuan", "city_id": "510100",
        "admin_username": f"admin-{code}", "admin_password": PASSWORD, "admin_name": "科教科王老师"})
    assert unit.status_code == 201, unit.text
    person = new_id_number()
    registered = await identity.post("/api/identity/registrations", json={
        "org_code": unit.json()["unit"]["org_code"], "id_number": person, "name": "张三", "phone": "13912345678",
        "password": PASSWORD})
    assert registered.status_code == 201, registered.text
    return Subject(account_id=registered.json()["id"], id_number=person, unit_id=unit.json()["unit"]["id"],
                   city_id="510100", jurisdiction="sichuan", other_id_number=new_id_number(),
                   other_city_id="510700", other_jurisdiction="jiangsu")


def _rows(account_id: str) -> list[Row]:
    def call(method, path, body=None, **params):
        return lambda client, headers: client.request(method, path, headers=headers, json=body, params=params)

    account = f"/api/identity/accounts/{account_id}"
    deciders = {Role.UNIT_ADMIN: IN_UNIT}
    return [
        Row("GET", "/api/identity/accounts/{account_id}", call("GET", account), READERS),
        Row("GET", "/api/identity/accounts", call("GET", "/api/identity/accounts"),  # staff list, others read one
            {role: READERS[role]
             for role in (Role.UNIT_ADMIN, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE, Role.REGULATOR)},
            sees=lambda a: account_id in a.text),
        Row("GET", "/api/identity/me", call("GET", "/api/identity/me"), {role: OWN for role in Role}),
        Row("POST", "/api/identity/accounts/{account_id}/reject",
            call("POST", f"{account}/reject", {"reason": "不是本单位"}), deciders),
        Row("POST", "/api/identity/accounts/{account_id}/approve", call("POST", f"{account}/approve"), deciders),
        Row("POST", "/api/identity/accounts", call("POST", "/api/identity/accounts", {}),
            {Role.PROVINCIAL_OFFICE: ALL}),
        Row("POST", "/api/identity/devices", call("POST", "/api/identity/devices", {}),
            {Role.UNIT_ADMIN: ALL, Role.PROJECT_OWNER: ALL}),
        public("GET", "/api/identity/regions"), public("GET", "/api/identity/public-key"),
        public("POST", "/api/identity/units"), public("POST", "/api/identity/registrations"),
        public("POST", "/api/identity/sessions"), public("DELETE", "/api/identity/sessions"),
        public("POST", "/api/identity/device-tokens"),
        # Any unit admin of a unit may ask; each is answered with its own unit's learners only
        # (test_unit_learners); a unit admin's token without a unit is refused.
        Row("GET", "/api/identity/units/mine/learners", call("GET", "/api/identity/units/mine/learners"),
            {Role.UNIT_ADMIN: frozenset({Scope.OWN, Scope.SAME_UNIT, Scope.OTHER_UNIT})}),
    ]


async def test_every_route_of_the_service_has_a_row(identity):
    app = identity._transport.app
    assert missing_rows(app, _rows("a")) == set()


async def test_each_role_and_scope_reaches_exactly_its_cells(identity, subject, signing_key):
    key = serialization.load_pem_private_key(signing_key[0].encode(), password=None)
    wrong = await run(identity, subject, _rows(subject.account_id), key=key)
    assert wrong == [], "\n".join(wrong)
