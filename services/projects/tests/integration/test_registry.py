"""The project registry against real PostgreSQL and the broker: entry by role, number
validation, duplicates, corrections, and the public query."""

from cme_contracts.events import ProjectPublished
from cme_platform.auth import Role
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

OFFICE = auth_header(Role.PROVINCIAL_OFFICE, account_id="office-js", jurisdiction="jiangsu")
OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-1", unit_id="unit-1", jurisdiction="jiangsu")
OTHER_OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-2", unit_id="unit-2", jurisdiction="jiangsu")
UNIT_ADMIN = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id="unit-1")
LEARNER = auth_header(Role.LEARNER, account_id="learner-1")

NATIONAL = {"number": "2020-14-02-049 (国)", "name": "外科护理新进展", "credit_class": "I", "credits": 10,
            "discipline": "护理学/外科护理学", "lead": "测试用", "venue": "苏州",
            "start_date": "2020-07-20", "end_date": "2020-07-24"}
PROVINCIAL = {"number": "2020480301016 (省)", "name": "测试项目4", "credit_class": "I", "credits": 5,
              "discipline": "临床内科学-心血管病学", "owner_id": "owner-2", "unit_id": "unit-2"}


async def test_an_owner_enters_a_national_project_and_the_office_registers_one_for_its_jurisdiction(service):
    api = service.client
    entered = await api.post("/api/projects", json=NATIONAL, headers=OWNER)
    assert entered.status_code == 201, entered.text
    assert entered.json() | {"id": None} == entered.json() | {
        "id": None, "number": "2020-14-02-049 (国)", "number_normalized": "2020-14-02-049(国)", "level": "national",
        "year": 2020, "owner_id": "owner-1", "unit_id": "unit-1", "jurisdiction": "jiangsu"}
    registered = await api.post("/api/projects", json=PROVINCIAL, headers=OFFICE)
    assert registered.status_code == 201 and registered.json()["owner_id"] == "owner-2"

    for headers, status in ((UNIT_ADMIN, 403), (LEARNER, 403), ({}, 401)):
        refused = await api.post("/api/projects", json=NATIONAL | {"number": "2020-14-02-050 (国)"}, headers=headers)
        assert refused.status_code == status, refused.text
    elsewhere = await api.post("/api/projects", json=PROVINCIAL | {"jurisdiction": "sichuan"}, headers=OFFICE)
    assert elsewhere.status_code == 403

    duplicate = await api.post("/api/projects", json=NATIONAL | {"number": "2020-14-02-049（国）"}, headers=OWNER)
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "project.duplicate"
    second_session = await api.post("/api/projects", json=NATIONAL | {"session_no": 2}, headers=OWNER)
    assert second_session.status_code == 201

    for headers, numbers in (
        (OWNER, {"2020-14-02-049 (国)"}),
        (OTHER_OWNER, {"2020480301016 (省)"}),
        (UNIT_ADMIN, {"2020-14-02-049 (国)"}),
        (OFFICE, {"2020-14-02-049 (国)", "2020480301016 (省)"}),
    ):
        mine = (await api.get("/api/projects/mine", headers=headers)).json()["items"]
        assert {p["number"] for p in mine} == numbers, headers
    assert (await api.get("/api/projects/mine", headers=LEARNER)).status_code == 403
    assert (await api.get("/api/projects/mine")).status_code == 401

    published = await service.events(ProjectPublished)
    assert [(e["number"], e["number_normalized"], e["session_no"]) for e in published] == [
        ("2020-14-02-049 (国)", "2020-14-02-049(国)", 1), ("2020480301016 (省)", "2020480301016(省)", 1),
        ("2020-14-02-049 (国)", "2020-14-02-049(国)", 2)]
    assert await eventually(lambda: _zero(service)), "the relay publishes every ProjectPublished"


async def _zero(service) -> bool:
    return await service.unsent() == 0


async def test_invalid_numbers_and_contradicting_levels_are_refused_and_nothing_is_stored(service):
    api = service.client
    refused = await api.post("/api/projects", json=NATIONAL | {"number": "2020-14-02-49"}, headers=OWNER)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "project_number.invalid" and "2021-03-05-129（国）" in error["message"]
    mismatch = await api.post("/api/projects", json=NATIONAL | {"level": "provincial"}, headers=OWNER)
    assert mismatch.json()["error"]["code"] == "project.level_mismatch"
    reversed_dates = await api.post("/api/projects", json=NATIONAL | {"end_date": "2020-07-01"}, headers=OWNER)
    assert reversed_dates.json()["error"]["code"] == "project.dates_reversed"
    assert (await api.get("/api/projects")).json()["total"] == 0
    assert await service.events(ProjectPublished) == []


async def test_owners_correct_their_own_projects_only_and_the_office_corrects_any_in_its_jurisdiction(service):
    api = service.client
    project = (await api.post("/api/projects", json=NATIONAL, headers=OWNER)).json()
    url = f"/api/projects/{project['id']}"

    corrected = await api.patch(url, json={"venue": "苏州国际博览中心"}, headers=OWNER)
    assert corrected.status_code == 200 and corrected.json()["venue"] == "苏州国际博览中心"
    assert (await api.patch(url, json={"venue": "南京"}, headers=OTHER_OWNER)).status_code == 403
    assert (await api.patch(url, json={"venue": "南京"}, headers=UNIT_ADMIN)).status_code == 200
    other_office = auth_header(Role.PROVINCIAL_OFFICE, jurisdiction="sichuan")
    assert (await api.patch(url, json={"venue": "成都"}, headers=other_office)).status_code == 403
    assert (await api.patch(url, json={"lead": "王主任"}, headers=OFFICE)).status_code == 200
    fixed = await api.patch(url, json={"name": "改名"}, headers=OWNER)
    assert fixed.status_code == 422, "the name is not an editable field"
    assert (await api.get(url)).json()["name"] == "外科护理新进展"
    assert len(await service.events(ProjectPublished)) == 4, "each correction is published again"


async def test_the_public_query_finds_projects_by_any_spelling_of_the_number_and_by_criteria(service):
    api = service.client
    await api.post("/api/projects", json=NATIONAL, headers=OWNER)
    await api.post("/api/projects", json=PROVINCIAL, headers=OFFICE)
    for spelling in ("2020-14-02-049 (国)", "2020-14-02-049（国）", "2020-14-02-049(国)"):
        found = (await api.get("/api/projects", params={"number": spelling})).json()
        assert [p["name"] for p in found["items"]] == ["外科护理新进展"], spelling
    by_level = (await api.get("/api/projects", params={"level": "provincial", "year": 2020})).json()
    assert [p["number"] for p in by_level["items"]] == ["2020480301016 (省)"]
    by_discipline = (await api.get("/api/projects", params={"discipline": "外科护理"})).json()
    assert by_discipline["total"] == 1
    by_name = (await api.get("/api/projects", params={"name": "测试"})).json()
    assert by_name["items"][0]["number_normalized"] == "2020480301016(省)"
    page_two = (await api.get("/api/projects", params={"page": 2, "page_size": 1})).json()
    assert (page_two["total"], len(page_two["items"])) == (2, 1)
    assert (await api.get("/api/projects/no-such-id")).status_code == 404
