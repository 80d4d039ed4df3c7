"""单位统一录入 from the portal: the page lists only the unit's own learners, masked, and the form's
handler refuses anyone else's account and anyone but a unit admin, before it calls the credits service."""

from __future__ import annotations

PASSWORD = "UnitEntry2026"


async def unit_with_learner(front_door, org_code: str, id_number: str, name: str) -> dict:
    """A Chengdu unit, its admin signed in (cookie kept aside), and one learner it approved."""
    front_door.cookies.clear()
    unit = await front_door.post("/api/identity/units", json={
        "org_code": org_code, "name": f"{name}所在医院", "jurisdiction": "sichuan", "city_id": "510100",
        "admin_username": f"ue-{org_code}", "admin_password": PASSWORD, "admin_name": "科教科"})
    assert unit.status_code == 201, unit.text
    learner = await front_door.post("/api/identity/registrations", json={
        "org_code": org_code, "id_number": id_number, "name": name, "phone": "13912345678", "password": PASSWORD})
    signed_in = await front_door.post("/login", data={"username": f"ue-{org_code}", "password": PASSWORD})
    assert signed_in.status_code == 303
    admin = front_door.cookies.get("cme_token")
    approved = await front_door.post(f"/me/accounts/{learner.json()['id']}/decision", data={"decision": "approve"})
    assert approved.status_code == 303
    return {"admin": admin, "learner_account": learner.json()["id"], "id_number": id_number}


async def test_only_the_units_own_learners_are_listed_and_accepted(front_door, new_org_code, new_id_number):
    ours = await unit_with_learner(front_door, new_org_code(), new_id_number(), "周明")
    theirs = await unit_with_learner(front_door, new_org_code(), new_id_number(), "吴刚")
    front_door.cookies.clear()
    front_door.cookies.set("cme_token", ours["admin"])

    page = await front_door.get("/me/credits/bulk", params={"category": "provincial_i"})
    assert page.status_code == 200 and "周明" in page.text and "吴刚" not in page.text
    assert ours["id_number"] not in page.text  # masked: full ID numbers never reach the page
    assert ours["id_number"][-4:] in page.text

    activity = {"category": "district_ii", "project_name": "院感防控培训", "credits": 1, "hours": 6, "year": 2025}
    stranger = await front_door.post("/me/credits/bulk", json={"activity": activity,
                                                             "account_ids": [theirs["learner_account"]]})
    assert stranger.status_code == 422 and stranger.json()["error"]["code"] == "unit_entry.not_in_unit"
    # Past the checks, the handler calls the credits service, which is not running in this test.
    own = await front_door.post("/me/credits/bulk",
                                json={"activity": activity, "account_ids": [ours["learner_account"]]})
    assert own.status_code == 503 and own.json()["error"]["code"] == "service.unavailable"

    front_door.cookies.clear()
    assert (
        await front_door.post("/login", data={"username": ours["id_number"], "password": PASSWORD})
    ).status_code == 303
    learner = await front_door.post("/me/credits/bulk", json={"activity": activity,
                                                            "account_ids": [ours["learner_account"]]})
    assert learner.status_code == 403 and learner.json()["error"]["code"] == "scope.unit_admin_only"
    assert (await front_door.get("/me/credits/bulk")).status_code == 303  # the page sends a learner back to the desk
