"""The demo's units and people: one hospital in each source jurisdiction, its administrator,
a project owner and learners, registered and approved the way seed 004 describes (单位注册,
个人注册, the unit admin approves).

Codes and ID numbers are fixed, with correct check digits, so that a second run finds the
same accounts (a 409) and reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_contracts.identifiers import id_check_digit
from cme_platform.devstack.demo.api import DemoFailed, FrontDoor

PASSWORD = "Demo2026"


def org_code(body: str) -> str:
    """A GB 11714 organisation code for an 8-character body (the identity service checks it).

    Imported from identity, the one place that reads organisation codes, rather than copied:
    the demo runs in the workspace, where every service is installed.
    """
    from cme_identity.domain.codes import org_code_with_check_digit

    return org_code_with_check_digit(body)


def id_number(first_17: str) -> str:
    """A resident ID number (GB 11643) for its first 17 digits."""
    return first_17 + id_check_digit(first_17)


@dataclass(frozen=True)
class Person:
    """A learner or project owner of a demo unit; signs in with the ID number."""

    name: str
    id_number: str
    role: str = "learner"
    phone: str = "13800000000"


@dataclass(frozen=True)
class DemoUnit:
    """A hospital of the demo and where it registered."""

    key: str
    name: str
    jurisdiction: str
    city_id: str
    district_id: str | None
    org_body: str
    admin_username: str
    owner: Person
    learners: tuple[Person, ...]

    @property
    def org_code(self) -> str:
        return org_code(self.org_body)


SUZHOU = DemoUnit(
    "suzhou", "苏州市立医院", "jiangsu", "320500", None, "73250001", "sz-hospital",
    Person("周建国", id_number("32050219700101001"), "project_owner", "13912340001"),
    (Person("孙七", id_number("32050219880808002"), phone="13655556666"),
     Person("李明", id_number("32050819910315003"), phone="13655557777")))
JINJIANG = DemoUnit(
    "jinjiang", "成都市锦江区妇幼保健院", "sichuan", "510100", "510104", "73510001", "jj-hospital",
    Person("何丽", id_number("51010419750612001"), "project_owner", "13912340002"),
    (Person("刘洋", id_number("51010419880808002"), phone="13655558888"),
     Person("赵敏", id_number("51010419920220003"), phone="13655559999")))
HANGZHOU = DemoUnit(
    "hangzhou", "杭州市第一人民医院", "zhejiang", "330100", None, "73330001", "hz-hospital",
    Person("钱伟", id_number("33010219720505001"), "project_owner", "13912340003"),
    (Person("陈静", id_number("33010219870101002"), phone="13655550001"),
     Person("王磊", id_number("33010219900909003"), phone="13655550002")))
UNITS = (SUZHOU, JINJIANG, HANGZHOU)


@dataclass
class Signed:
    """A registered unit of the demo with everyone signed in."""

    unit: DemoUnit
    unit_id: str
    admin: dict
    owner: dict
    learners: dict[str, dict]  # by name


def register_unit(api: FrontDoor, unit: DemoUnit) -> Signed:
    """Register the unit (or find it registered) and its people, approved by its admin."""
    answer = api.call("POST", "/api/identity/units", allow=(409,), json={
        "org_code": unit.org_code, "name": unit.name, "jurisdiction": unit.jurisdiction, "city_id": unit.city_id,
        "district_id": unit.district_id, "admin_username": unit.admin_username, "admin_password": PASSWORD,
        "admin_name": f"{unit.name}科教科"})
    admin = api.sign_in(unit.admin_username, PASSWORD)
    me = api.json("GET", "/api/identity/me", who=admin)
    if answer.status_code == 201 and me.get("unit_id") != answer.json()["unit"]["id"]:
        raise DemoFailed(f"{unit.admin_username} is not the admin of the unit just registered")
    for person in (unit.owner, *unit.learners):
        _register_person(api, unit, person, admin)
    return Signed(unit, me["unit_id"], admin, api.sign_in(unit.owner.id_number, PASSWORD),
                  {p.name: api.sign_in(p.id_number, PASSWORD) for p in unit.learners})


def _register_person(api: FrontDoor, unit: DemoUnit, person: Person, admin: dict) -> None:
    answer = api.call("POST", "/api/identity/registrations", allow=(409,), json={
        "org_code": unit.org_code, "role": person.role, "id_number": person.id_number, "name": person.name,
        "phone": person.phone, "password": PASSWORD})
    if answer.status_code == 409:  # registered by an earlier run: approve it if that run stopped short
        pending = api.json("GET", "/api/identity/accounts", who=admin, params={"status": "pending"})
        ids = [a["id"] for a in pending if a["username"] == person.id_number]
    else:
        ids = [answer.json()["id"]]
    for account_id in ids:
        api.call("POST", f"/api/identity/accounts/{account_id}/approve", who=admin)
