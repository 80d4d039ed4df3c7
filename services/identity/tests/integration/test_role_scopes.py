"""Every role is refused what its role or scope does not include, endpoint by endpoint."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from cme_platform.auth import Role
from cme_platform.testing.tokens import token_for

SCOPES = {
    Role.LEARNER: {"unit_id": "u-a", "city_id": "510100", "jurisdiction": "sichuan", "id_number": "11010519491231002X"},
    Role.PROJECT_OWNER: {"unit_id": "u-a", "city_id": "510100", "jurisdiction": "sichuan"},
    Role.UNIT_ADMIN: {"unit_id": "u-a", "city_id": "510100", "jurisdiction": "sichuan"},
    Role.DISTRICT_OFFICE: {"city_id": "510100", "jurisdiction": "jinjiang"},
    Role.CITY_OFFICE: {"city_id": "510100", "jurisdiction": "sichuan"},
    Role.PROVINCIAL_OFFICE: {"jurisdiction": "sichuan"},
    Role.REMOTE_EDUCATION: {"jurisdiction": "sichuan"},
    Role.REGULATOR: {"jurisdiction": "sichuan"},
    Role.DEVICE: {"unit_id": "u-a", "jurisdiction": "sichuan"},
}
STAFF = {
    "role": "regulator",
    "username": "reg-x",
    "name": "监管",
    "password": "Regulator2026",
    "jurisdiction": "sichuan",
}

# (method, path, body, roles allowed past the role check)
ENDPOINTS = [
    ("GET", "/api/identity/accounts", None,
     {Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE, Role.REGULATOR}),
    ("POST", "/api/identity/accounts/acct-x/approve", None, {Role.UNIT_ADMIN}),
    ("POST", "/api/identity/accounts/acct-x/reject", None, {Role.UNIT_ADMIN}),
    ("POST", "/api/identity/accounts", STAFF, {Role.PROVINCIAL_OFFICE}),
    ("POST", "/api/identity/devices", {"client_id": "dev-x"}, {Role.UNIT_ADMIN, Role.PROJECT_OWNER}),
]
DENIED = [
    (role, method, path, body) for method, path, body, allowed in ENDPOINTS for role in Role if role not in allowed
]


@pytest.fixture(scope="module")
def sign(signing_key):
    """Signs a token for a role with its usual scope, with the service's own key."""
    key = serialization.load_pem_private_key(signing_key[0].encode(), password=None)
    return lambda role, **scope: token_for(role, key=key, account_id=f"acct-{role}", **(SCOPES[role] | scope))


@pytest.mark.parametrize(("role", "method", "path", "body"), DENIED,
                         ids=[f"{r.value}-{m}-{p.rsplit('/', 1)[-1]}" for r, m, p, _ in DENIED])
async def test_a_role_is_refused_an_endpoint_outside_its_job(identity, sign, role, method, path, body):
    response = await identity.request(method, path, json=body, headers={"Authorization": f"Bearer {sign(role)}"})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] in {"auth.role_not_allowed", "scope.no_listing"}
    assert response.json()["error"]["message"]


async def test_supervisors_do_not_reach_accounts_outside_their_unit_city_or_province(identity, sign, new_org_code):
    unit = (await identity.post("/api/identity/units", json={
        "org_code": new_org_code(), "name": "绵阳市中心医院", "jurisdiction": "sichuan", "city_id": "510700",
        "admin_username": f"mz-{new_org_code()}", "admin_password": "Mianyang2026"})).json()
    admin_id = unit["admin"]["id"]
    outsiders = [
        sign(Role.UNIT_ADMIN),  # another unit
        sign(Role.CITY_OFFICE),  # Chengdu, not Mianyang
        sign(Role.DISTRICT_OFFICE),  # 锦江区, not Mianyang
        sign(Role.PROVINCIAL_OFFICE, jurisdiction="jiangsu"),
        sign(Role.REGULATOR, jurisdiction="zhejiang"),
        sign(Role.LEARNER),
    ]
    for token in outsiders:
        response = await identity.get(
            f"/api/identity/accounts/{admin_id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 404, token
        assert response.json()["error"]["code"] == "account.not_found"
    insiders = [sign(Role.CITY_OFFICE, city_id="510700"), sign(Role.PROVINCIAL_OFFICE), sign(Role.REGULATOR),
                sign(Role.UNIT_ADMIN, unit_id=unit["unit"]["id"], city_id="510700")]
    for token in insiders:
        response = await identity.get(
            f"/api/identity/accounts/{admin_id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, token
    foreign = await identity.post(f"/api/identity/accounts/{admin_id}/approve",
                                  headers={"Authorization": f"Bearer {sign(Role.UNIT_ADMIN)}"})
    assert foreign.status_code == 404


async def test_the_province_cannot_open_accounts_of_another_province(identity, sign):
    response = await identity.post("/api/identity/accounts", json=STAFF | {"jurisdiction": "jiangsu"},
                                   headers={"Authorization": f"Bearer {sign(Role.PROVINCIAL_OFFICE)}"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "account.outside_jurisdiction"


async def test_a_unit_in_jinjiang_gets_jinjiangs_rules_and_the_district_office_opened_by_the_province_sees_it(
        identity, sign, new_org_code):
    office = {"Authorization": f"Bearer {sign(Role.PROVINCIAL_OFFICE)}"}
    refused = await identity.post("/api/identity/accounts", headers=office, json=STAFF | {
        "role": "district_office", "username": f"cd-{new_org_code()}", "jurisdiction": "chengdu"})
    assert refused.json()["error"]["code"] == "account.district_required"
    opened = await identity.post("/api/identity/accounts", headers=office, json=STAFF | {
        "role": "district_office", "username": f"jj-{new_org_code()}", "name": "锦江区医学会",
        "jurisdiction": "jinjiang"})
    assert opened.status_code == 201, opened.text
    assert (opened.json()["jurisdiction"], opened.json()["city_id"]) == ("jinjiang", "510100")

    units = {}
    for name, city, district in (("成都市锦江区人民医院", "510100", "510104"), ("成都市第一人民医院", "510100", None)):
        answer = await identity.post("/api/identity/units", json={
            "org_code": new_org_code(), "name": name, "jurisdiction": "sichuan", "city_id": city,
            "district_id": district, "admin_username": f"u-{new_org_code()}", "admin_password": "Chengdu2026"})
        assert answer.status_code == 201, answer.text
        units[name] = answer.json()
    assert units["成都市锦江区人民医院"]["unit"]["jurisdiction"] == "jinjiang"
    assert units["成都市第一人民医院"]["unit"]["jurisdiction"] == "chengdu"

    district = {"Authorization": f"Bearer {sign(Role.DISTRICT_OFFICE)}"}
    listed = {a["id"] for a in (await identity.get("/api/identity/accounts", headers=district)).json()}
    assert units["成都市锦江区人民医院"]["admin"]["id"] in listed
    assert units["成都市第一人民医院"]["admin"]["id"] not in listed
    regions = (await identity.get("/api/identity/regions")).json()
    sichuan = next(r for r in regions if r["id"] == "sichuan")
    assert sichuan["districts"]["510100"]["510104"] == "锦江区"
