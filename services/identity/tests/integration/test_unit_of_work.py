"""The identity unit of work over PostgreSQL: its repositories share one transaction, which rolls back
unless committed, and a principal's scope becomes the accounts' WHERE."""

from __future__ import annotations

from cme_identity.domain import accounts as rules
from cme_identity.domain.accounts import AccountStatus, Unit
from cme_identity.domain.scope import scope_filter
from cme_platform.auth import Role


async def test_a_unit_and_its_people_stored_in_one_unit_of_work_read_back_in_the_next(runtime, new_org_code,
                                                                                   new_id_number):
    unit = Unit(new_org_code(), "四川省人民医院", "sichuan", "510100")
    admin = rules.unit_admin_for(unit, f"admin-{unit.org_code}", "科教科")
    learner = rules.individual_registration(unit, Role.LEARNER, new_id_number(), "张三", "13800000000")
    async with runtime.uow() as uow:
        await uow.units.add(unit)
        await uow.accounts.add(admin, "admin-hash")
        await uow.accounts.add(learner, "learner-hash")
        await uow.commit()
    async with runtime.uow() as uow:
        assert await uow.units.by_code(unit.org_code) == unit
        assert await uow.units.get(unit.id) == unit
        assert await uow.accounts.credentials(learner.username) == (learner, "learner-hash")
        assert await uow.accounts.username_taken(admin.username)
        in_unit = scope_filter(admin.principal())
        assert {a.id for a in await uow.accounts.within(in_unit)} == {admin.id, learner.id}
        assert await uow.accounts.within(in_unit, AccountStatus.PENDING, role=Role.LEARNER) == [learner]
        assert await uow.accounts.within(in_unit, AccountStatus.ACTIVE, role=Role.LEARNER) == []


async def test_what_a_unit_of_work_does_not_commit_is_gone(runtime, new_org_code):
    unit = Unit(new_org_code(), "成都市第一人民医院", "sichuan", "510100")
    async with runtime.uow() as uow:
        await uow.units.add(unit)
    async with runtime.uow() as uow:
        assert await uow.units.by_code(unit.org_code) is None


async def test_a_decision_saved_is_the_accounts_new_status(runtime, new_org_code, new_id_number):
    unit = Unit(new_org_code(), "绵阳市中心医院", "sichuan", "510700")
    admin = rules.unit_admin_for(unit, f"admin-{unit.org_code}", "科教科")
    learner = rules.individual_registration(unit, Role.LEARNER, new_id_number(), "李四", "13800000001")
    async with runtime.uow() as uow:
        await uow.units.add(unit)
        await uow.accounts.add(learner, "hash")
        await uow.commit()
    async with runtime.uow() as uow:
        pending = await uow.accounts.get(learner.id, for_update=True)
        assert pending == learner
        await uow.accounts.save_decision(rules.decide_registration(pending, admin.principal(), approve=True),
                                         admin.id)
        await uow.commit()
    async with runtime.uow() as uow:
        assert (await uow.accounts.get(learner.id)).status is AccountStatus.ACTIVE
