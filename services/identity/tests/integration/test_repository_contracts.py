"""Identity's repositories behave alike in memory and in PostgreSQL (the contract of the fakes the unit
tests use): the same scenarios run against both."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cme_identity.domain import accounts as rules
from cme_identity.domain.accounts import AccountStatus, Unit
from cme_identity.domain.scope import scope_filter
from cme_platform.auth import Role


@pytest.fixture(params=["in memory", "postgresql"])
async def uow(request, runtime, fake_uow):
    """The repositories under test; the PostgreSQL ones work in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_uow
        return
    async with runtime.uow() as real:
        yield real


def hospital(code: str, city_id: str = "510100") -> Unit:
    return Unit(code, "四川省人民医院", "sichuan", city_id)


async def stored_hospital(uow, code: str, city_id: str = "510100") -> Unit:
    """A unit already stored (accounts name their unit by a foreign key)."""
    unit = hospital(code, city_id)
    await uow.units.add(unit)
    return unit


class TestUnits:
    async def test_a_stored_unit_reads_back_by_code_and_by_id(self, uow, new_org_code):
        unit = hospital(new_org_code())
        await uow.units.add(unit)
        assert await uow.units.by_code(unit.org_code) == unit
        assert await uow.units.get(unit.id) == unit

    async def test_an_unknown_unit_is_none(self, uow, new_org_code):
        assert await uow.units.by_code(new_org_code()) is None
        assert await uow.units.get("unit-never-registered") is None


class TestAccounts:
    async def test_an_account_reads_back_with_its_password_hash_and_takes_its_username(self, uow, new_org_code,
                                                                                       new_id_number):
        unit = await stored_hospital(uow, new_org_code())
        learner = rules.individual_registration(unit, Role.LEARNER, new_id_number(), "张三", "13800000000")
        await uow.accounts.add(learner, "hash-1")
        assert await uow.accounts.credentials(learner.username) == (learner, "hash-1")
        assert await uow.accounts.get(learner.id, for_update=True) == learner
        assert await uow.accounts.username_taken(learner.username)
        assert not await uow.accounts.username_taken(new_id_number())
        assert await uow.accounts.credentials("nobody") is None
        assert await uow.accounts.get("acct-never-opened") is None

    async def test_a_saved_decision_is_the_accounts_new_status(self, uow, new_org_code, new_id_number):
        unit = await stored_hospital(uow, new_org_code())
        admin = rules.unit_admin_for(unit, f"admin-{unit.org_code}", "科教科")
        learner = rules.individual_registration(unit, Role.LEARNER, new_id_number(), "李四", "13800000001")
        await uow.accounts.add(learner, "hash")
        await uow.accounts.save_decision(replace(learner, status=AccountStatus.REJECTED), admin.id)
        assert (await uow.accounts.get(learner.id)).status is AccountStatus.REJECTED

    async def test_within_a_scope_are_the_accounts_with_its_values_of_that_status_and_role(self, uow, new_org_code,
                                                                                            new_id_number):
        here, there = await stored_hospital(uow, new_org_code()), await stored_hospital(uow, new_org_code(), "510700")
        admin = rules.unit_admin_for(here, f"admin-{here.org_code}", "科教科")
        learner = rules.individual_registration(here, Role.LEARNER, new_id_number(), "王五", "13800000002")
        owner = rules.individual_registration(here, Role.PROJECT_OWNER, new_id_number(), "赵六", "13800000003")
        stranger = rules.individual_registration(there, Role.LEARNER, new_id_number(), "孙七", "13800000004")
        for account in (admin, learner, owner, stranger):
            await uow.accounts.add(account, "hash")
        in_unit = scope_filter(admin.principal())
        assert {a.id for a in await uow.accounts.within(in_unit)} == {admin.id, learner.id, owner.id}
        assert await uow.accounts.within(in_unit, AccountStatus.PENDING, role=Role.LEARNER) == [learner]
        assert await uow.accounts.within(in_unit, AccountStatus.ACTIVE, role=Role.LEARNER) == []
        in_city = {"jurisdiction": ["sichuan"], "city_id": ["510700"], "unit_id": [there.id]}
        assert await uow.accounts.within(in_city) == [stranger]
        assert len(await uow.accounts.within(in_unit, limit=2)) == 2
