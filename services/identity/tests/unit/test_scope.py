"""Each supervising role sees the accounts of its unit, city or province, and no more."""

import pytest

from cme_identity.domain.accounts import Account, AccountStatus
from cme_identity.domain.scope import may_see, scope_filter
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden

LEARNER = Account("510107198501011234", Role.LEARNER, "张三", AccountStatus.ACTIVE, unit_id="u1",
                  city_id="510100", jurisdiction="sichuan", id="acc-learner")

SEES = [
    (Principal("a", Role.UNIT_ADMIN, unit_id="u1", city_id="510100", jurisdiction="sichuan"), True),
    (Principal("b", Role.UNIT_ADMIN, unit_id="u2", city_id="510100", jurisdiction="sichuan"), False),
    (Principal("c", Role.CITY_OFFICE, city_id="510100", jurisdiction="sichuan"), True),
    (Principal("d", Role.CITY_OFFICE, city_id="510700", jurisdiction="sichuan"), False),
    (Principal("e", Role.PROVINCIAL_OFFICE, jurisdiction="sichuan"), True),
    (Principal("f", Role.PROVINCIAL_OFFICE, jurisdiction="jiangsu"), False),
    (Principal("g", Role.REGULATOR, jurisdiction="sichuan"), True),
    (Principal("h", Role.LEARNER, unit_id="u1", jurisdiction="sichuan"), False),
    (Principal("i", Role.PROJECT_OWNER, unit_id="u1", jurisdiction="sichuan"), False),
    (Principal("j", Role.DEVICE, unit_id="u1", jurisdiction="sichuan"), False),
    (Principal("k", Role.REMOTE_EDUCATION, jurisdiction="sichuan"), False),
    (Principal("acc-learner", Role.LEARNER, unit_id="u1"), True),
]


@pytest.mark.parametrize(("principal", "expected"), SEES, ids=lambda v: getattr(v, "account_id", str(v)))
def test_a_principal_sees_an_account_only_within_its_scope(principal, expected):
    assert may_see(principal, LEARNER) is expected


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PROJECT_OWNER, Role.DEVICE, Role.REMOTE_EDUCATION])
def test_roles_without_a_supervising_scope_list_nobody(role):
    with pytest.raises(Forbidden) as refused:
        scope_filter(Principal("x", role, unit_id="u1", jurisdiction="sichuan"))
    assert refused.value.code == "scope.no_listing"


def test_a_city_office_lists_by_its_city_in_every_jurisdiction_of_its_province():
    assert scope_filter(Principal("c", Role.CITY_OFFICE, city_id="510100", jurisdiction="sichuan")) == {
        "jurisdiction": ["chengdu", "jinjiang", "sichuan"], "city_id": ["510100"]}


def test_a_district_office_lists_its_district_only():
    assert scope_filter(Principal("d", Role.DISTRICT_OFFICE, city_id="510100", jurisdiction="jinjiang")) == {
        "jurisdiction": ["jinjiang"]}
