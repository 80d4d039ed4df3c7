"""单位统一录入 reads the unit's learners from identity: a unit admin gets its own unit's approved learners
(with their ID numbers, for the credits service), never another unit's and never one still waiting."""

from __future__ import annotations

PASSWORD = "UnitEntry2026"


async def _unit(identity, org_code: str) -> dict[str, str]:
    unit = await identity.post("/api/identity/units", json={
        "org_code": org_code, "name": "成都市第五人民医院", "jurisdiction": "sichuan", "city_id": "510100",
        "admin_username": f"ul-{org_code}", "admin_password": PASSWORD, "admin_name": "科教科"})
    assert unit.status_code == 201, unit.text
    signed_in = await identity.post("/api/identity/sessions", json={"username": f"ul-{org_code}", "password": PASSWORD})
    return {"Authorization": f"Bearer {signed_in.json()['token']}"}


async def _learner(identity, org_code: str, id_number: str, name: str) -> str:
    registered = await identity.post("/api/identity/registrations", json={
        "org_code": org_code, "id_number": id_number, "name": name, "phone": "13912345678", "password": PASSWORD})
    assert registered.status_code == 201, registered.text
    return registered.json()["id"]


async def test_a_unit_admin_lists_only_its_own_approved_learners(identity, new_org_code, new_id_number):
    ours, theirs = new_org_code(), new_org_code()
    admin, other_admin = await _unit(identity, ours), await _unit(identity, theirs)
    approved = await _learner(identity, ours, new_id_number(), "周明")
    waiting = await _learner(identity, ours, new_id_number(), "陈静")
    elsewhere = await _learner(identity, theirs, new_id_number(), "吴刚")
    assert (await identity.post(f"/api/identity/accounts/{approved}/approve", headers=admin)).status_code == 200
    assert (await identity.post(f"/api/identity/accounts/{elsewhere}/approve", headers=other_admin)).status_code == 200

    listed = await identity.get("/api/identity/units/mine/learners", headers=admin)
    assert listed.status_code == 200
    assert [(a["id"], a["name"]) for a in listed.json()] == [(approved, "周明")]
    assert listed.json()[0]["id_number"] and waiting not in listed.text and elsewhere not in listed.text


async def test_a_learner_may_not_list_the_units_learners(identity, new_org_code, new_id_number):
    code = new_org_code()
    admin = await _unit(identity, code)
    number = new_id_number()
    learner = await _learner(identity, code, number, "赵敏")
    await identity.post(f"/api/identity/accounts/{learner}/approve", headers=admin)
    signed_in = await identity.post("/api/identity/sessions", json={"username": number, "password": PASSWORD})
    refused = await identity.get("/api/identity/units/mine/learners",
                                 headers={"Authorization": f"Bearer {signed_in.json()['token']}"})
    assert refused.status_code == 403
