"""A unit's decision on a registration is published (AccountApproved / AccountRejected) through
the outbox, in the decision's transaction, so the person can be told (notifications)."""

from __future__ import annotations

import json

from sqlalchemy import select

from cme_contracts.events import AccountApproved, AccountRejected
from cme_platform.db import outbox

PASSWORD = "Jinjiang2026"


async def _registered(identity, org_code: str, id_number: str) -> tuple[str, dict]:
    unit = (await identity.post("/api/identity/units", json={
        "org_code": org_code, "name": "成都市锦江区妇幼保健院", "jurisdiction": "sichuan", "city_id": "510100",
        "admin_username": f"ev-{org_code}", "admin_password": PASSWORD, "admin_name": "科教科"})).json()
    token = (await identity.post("/api/identity/sessions", json={
        "username": unit["admin"]["username"], "password": PASSWORD})).json()["token"]
    account = (await identity.post("/api/identity/registrations", json={
        "org_code": org_code, "id_number": id_number, "name": "李四", "phone": "13912345678",
        "password": PASSWORD})).json()
    return account["id"], {"Authorization": f"Bearer {token}"}


async def _published(identity, event_type: str, account_id: str) -> list[dict]:
    runtime = identity._transport.app.state.runtime
    async with runtime.sessions() as session:
        payloads = (await session.execute(select(outbox.c.payload).where(outbox.c.event_type == event_type))).scalars()
        return [data for data in (json.loads(p)["data"] for p in payloads) if data["account_id"] == account_id]


async def test_an_approval_and_a_rejection_are_published_with_who_and_how_to_reach_them(
        identity, new_org_code, new_id_number):
    approved_id, admin = await _registered(identity, new_org_code(), new_id_number())
    await identity.post(f"/api/identity/accounts/{approved_id}/approve", headers=admin)
    [approved] = await _published(identity, AccountApproved.type_name(), approved_id)
    assert (approved["role"], approved["jurisdiction"], approved["phone"]) == ("learner", "chengdu", "13912345678")

    rejected_id, admin = await _registered(identity, new_org_code(), new_id_number())
    await identity.post(f"/api/identity/accounts/{rejected_id}/reject", headers=admin)
    assert len(await _published(identity, AccountRejected.type_name(), rejected_id)) == 1
