"""Every public form of the portal, refused: each problem in Chinese under its own field, typed values kept."""

from __future__ import annotations

from cme_platform.testing.forms import assert_said_in_chinese, field_error, is_marked_invalid

PASSWORD = "Pages2026ok"


def assert_under(html: str, field: str, *words: str) -> None:
    said = field_error(html, field)
    assert_said_in_chinese(said)
    assert all(word in said for word in words), said
    assert is_marked_invalid(html, field)


async def test_a_wrong_password_is_said_under_the_password_and_the_name_is_kept(front_door):
    front_door.cookies.clear()
    wrong = await front_door.post("/login", data={"username": "sc-admin", "password": "nope"})
    assert wrong.status_code == 401 and 'value="sc-admin"' in wrong.text
    assert_under(wrong.text, "password", "用户名或密码错误")
    assert field_error(wrong.text, "username") is None and 'class="error"' not in wrong.text


async def test_a_unit_registration_names_every_mistake_under_its_field(front_door):
    refused = await front_door.post("/register/unit", data={
        "org_code": "12345678-0", "name": "医院", "place": "", "admin_username": "x", "admin_password": "short"})
    assert refused.status_code == 422
    assert_under(refused.text, "org_code", "校验失败")
    assert_under(refused.text, "name", "全称")
    assert_under(refused.text, "place", "单位所在地")
    assert_under(refused.text, "admin_username", "用户名")
    assert_under(refused.text, "admin_password", "密码至少8位")
    assert 'value="12345678-0"' in refused.text and 'class="error"' not in refused.text


async def test_a_registration_refused_by_the_records_is_said_under_the_code(front_door, new_org_code):
    code = new_org_code()
    first = {"org_code": code, "name": "成都市第九人民医院", "place": "sichuan:510100", "admin_username": f"u-{code}",
             "admin_password": PASSWORD}
    assert (await front_door.post("/register/unit", data=first)).status_code == 303
    front_door.cookies.clear()
    again = await front_door.post("/register/unit", data=first | {"admin_username": f"v-{code}"})
    assert again.status_code == 409
    assert_under(again.text, "org_code", "已注册")


async def test_a_person_registration_names_every_mistake_under_its_field(front_door, new_org_code):
    refused = await front_door.post("/register/person", data={
        "role": "learner", "org_code": "12345678-0", "id_number": "11010519491231002", "name": " ",
        "phone": "12345", "password": "short"})
    assert refused.status_code == 422
    assert_under(refused.text, "org_code", "校验失败")
    assert_under(refused.text, "password", "密码至少8位")
    assert 'value="11010519491231002"' in refused.text

    unknown_unit = await front_door.post("/register/person", data={
        "role": "learner", "org_code": new_org_code(), "id_number": "11010519491231002", "name": " ",
        "phone": "12345", "password": PASSWORD})
    assert_under(unknown_unit.text, "org_code", "尚未注册")


async def test_a_person_of_a_registered_unit_sees_each_mistake_of_the_person_under_its_field(front_door, new_org_code):
    code = new_org_code()
    await front_door.post("/register/unit", data={
        "org_code": code, "name": "成都市第十人民医院", "place": "sichuan:510100", "admin_username": f"p-{code}",
        "admin_password": PASSWORD})
    front_door.cookies.clear()
    refused = await front_door.post("/register/person", data={
        "role": "learner", "org_code": code, "id_number": "11010519491231002", "name": " ", "phone": "12345",
        "password": PASSWORD})
    assert refused.status_code == 422
    assert_under(refused.text, "id_number", "身份证号码")
    assert_under(refused.text, "name", "姓名")
    assert_under(refused.text, "phone", "手机号码")
    bad_role = await front_door.post("/register/person", data={"role": "province", "org_code": code})
    assert_under(bad_role.text, "role", "注册身份")


async def test_the_public_queries_say_a_mistyped_id_number_or_year_under_the_field(front_door):
    query = await front_door.get("/query", params={"id_number": "11010519491231002"})
    assert query.status_code == 422 and 'value="11010519491231002"' in query.text
    assert_under(query.text, "id_number", "身份证号码")
    projects = await front_door.get("/projects", params={"year": "二〇二六", "name": "心电"})
    assert projects.status_code == 422 and 'value="心电"' in projects.text
    assert_under(projects.text, "year", "年度")
