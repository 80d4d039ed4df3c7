"""Registering units and people, approving them, and signing in, against the real database."""

from __future__ import annotations

from datetime import timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_platform.auth import verify
from cme_platform.testing.tokens import token_for

PASSWORD = "Jinjiang2026"


async def register_unit(client, org_code, admin="admin") -> dict:
    response = await client.post("/api/identity/units", json={
        "org_code": org_code, "name": "成都市锦江区妇幼保健院", "jurisdiction": "sichuan", "city_id": "510100",
        "admin_username": f"{admin}-{org_code}", "admin_password": PASSWORD, "admin_name": "科教科王老师"})
    assert response.status_code == 201, response.text
    return response.json()


async def sign_in(client, username, password=PASSWORD) -> str:
    response = await client.post("/api/identity/sessions", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def test_a_learner_registers_waits_for_the_unit_then_signs_in_with_a_verifiable_token(
        identity, new_org_code, new_id_number, signing_key):
    unit = await register_unit(identity, new_org_code())
    number = new_id_number()
    registered = await identity.post("/api/identity/registrations", json={
        "org_code": unit["unit"]["org_code"], "id_number": number, "name": "张三", "phone": "13912345678",
        "password": PASSWORD})
    assert registered.status_code == 201, registered.text
    assert registered.json()["status"] == "pending"

    early = await identity.post("/api/identity/sessions", json={"username": number, "password": PASSWORD})
    assert early.status_code == 403
    assert early.json()["error"]["code"] == "account.pending_approval"

    admin = await sign_in(identity, unit["admin"]["username"])
    queue = await identity.get("/api/identity/accounts?status=pending", headers=bearer(admin))
    assert [a["id_number"] for a in queue.json()] == [number]
    approved = await identity.post(f"/api/identity/accounts/{registered.json()['id']}/approve", headers=bearer(admin))
    assert approved.json()["status"] == "active"

    response = await identity.post("/api/identity/sessions", json={"username": number, "password": PASSWORD})
    assert response.status_code == 200
    assert "cme_token" in response.headers["set-cookie"] and "HttpOnly" in response.headers["set-cookie"]
    principal = verify(response.json()["token"], signing_key[1])
    assert (principal.role.value, principal.id_number, principal.unit_id, principal.city_id) == (
        "learner", number, unit["unit"]["id"], "510100")
    identity.cookies.clear()
    me = await identity.get("/api/identity/me", headers={"Cookie": f"cme_token={response.json()['token']}"})
    assert me.json()["name"] == "张三"
    typed = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})  # full-width, as input methods type
    typed_in = await identity.post("/api/identity/sessions", json={"username": typed, "password": PASSWORD})
    assert typed_in.status_code == 200


async def test_a_wrong_password_and_an_unknown_user_get_the_same_clear_refusal(identity, new_org_code):
    unit = await register_unit(identity, new_org_code())
    for username in (unit["admin"]["username"], "nobody-here"):
        response = await identity.post("/api/identity/sessions", json={"username": username, "password": "Wrong12345"})
        assert response.status_code == 401
        assert response.json()["error"] == {"code": "auth.wrong_credentials", "message": "用户名或密码错误"}


async def test_an_expired_token_and_a_token_signed_by_another_key_are_refused(identity, signing_key):
    from cryptography.hazmat.primitives import serialization

    own_key = serialization.load_pem_private_key(signing_key[0].encode(), password=None)
    expired = token_for("learner", key=own_key, ttl=timedelta(seconds=-5))
    forged = token_for("provincial_office", key=Ed25519PrivateKey.generate(), jurisdiction="sichuan")
    unsigned = jwt.encode(
        {"sub": "x", "role": "provincial_office"}, "a-shared-secret-nobody-should-trust-0123456789", algorithm="HS256"
    )

    for token, code, words in ((expired, "auth.token_expired", "登录已过期"),
                               (forged, "auth.bad_signature", "签名无效"),
                               (unsigned, "auth.invalid_token", "登录凭证无效")):
        response = await identity.get("/api/identity/accounts", headers=bearer(token))
        assert response.status_code == 401, token
        assert response.json()["error"]["code"] == code
        assert words in response.json()["error"]["message"]
    identity.cookies.clear()
    missing = await identity.get("/api/identity/me")
    assert missing.json()["error"]["code"] == "auth.missing_token"


async def test_a_unit_registers_once_and_bad_codes_are_refused_with_the_reason(identity, new_org_code):
    code = new_org_code()
    await register_unit(identity, code)
    again = await identity.post("/api/identity/units", json={
        "org_code": code, "name": "另一家医院的全称", "jurisdiction": "sichuan", "city_id": "510100",
        "admin_username": "someone-else", "admin_password": PASSWORD})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "unit.already_registered"
    bad = await identity.post("/api/identity/units", json={
        "org_code": code[:-1] + ("0" if code[-1] != "0" else "1"), "name": "某某市第三人民医院",
        "jurisdiction": "sichuan", "city_id": "510100", "admin_username": "third", "admin_password": PASSWORD})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "unit.bad_org_code"
    orphan = await identity.post("/api/identity/registrations", json={
        "org_code": new_org_code(), "id_number": "11010519491231002X", "name": "李四", "phone": "13912345678",
        "password": PASSWORD})
    assert orphan.status_code == 404 and orphan.json()["error"]["code"] == "unit.not_registered"


async def test_a_device_trades_its_secret_for_a_device_token_of_its_unit(identity, new_org_code, signing_key):
    unit = await register_unit(identity, new_org_code())
    admin = await sign_in(identity, unit["admin"]["username"])
    created = await identity.post("/api/identity/devices", headers=bearer(admin),
                                  json={"client_id": f"swipe-{unit['unit']['org_code']}", "name": "刷卡机1号"})
    assert created.status_code == 201, created.text
    body = {"client_id": created.json()["client_id"], "secret": created.json()["secret"]}
    token = (await identity.post("/api/identity/device-tokens", json=body)).json()["token"]
    principal = verify(token, signing_key[1])
    assert (principal.role.value, principal.unit_id) == ("device", unit["unit"]["id"])
    wrong = await identity.post("/api/identity/device-tokens", json=body | {"secret": "guess"})
    assert wrong.status_code == 401


async def test_the_province_opens_a_city_office_which_sees_only_its_city(identity, new_org_code):
    province = await sign_in(identity, "sc-admin", "Sichuan2026")
    opened = await identity.post("/api/identity/accounts", headers=bearer(province), json={
        "role": "city_office", "username": f"cd-{new_org_code()}", "name": "成都市卫健委科教处",
        "password": PASSWORD, "jurisdiction": "sichuan", "city_id": "510100"})
    assert opened.status_code == 201, opened.text
    city = await sign_in(identity, opened.json()["username"])
    await register_unit(identity, new_org_code())
    listed = (await identity.get("/api/identity/accounts", headers=bearer(city))).json()
    assert listed and {a["city_id"] for a in listed} == {"510100"}
    assert "sc-admin" not in {a["username"] for a in listed}


async def test_refused_sign_ins_are_counted_by_reason(identity):
    from prometheus_client import REGISTRY

    def failures() -> float:
        return REGISTRY.get_sample_value("cme_sign_in_failures_total", {"reason": "auth.wrong_credentials"}) or 0.0

    before = failures()
    response = await identity.post(
        "/api/identity/sessions", json={"username": "nobody-at-all", "password": "Wrong12345"}
    )
    assert response.status_code == 401
    assert failures() - before == 1
