"""The registration use cases on in-memory repositories: a unit registers once, its people wait for its
decision, and the decision is told to the rest of the platform."""

from __future__ import annotations

import pytest

from cme_contracts.events import AccountApproved, AccountRejected
from cme_identity.domain.accounts import AccountStatus
from cme_identity.service_layer import commands, queries
from cme_platform.auth import Role
from cme_platform.errors import Conflict, Forbidden, NotFound

PASSWORD = "Hospital2026"


async def open_unit(uow, org_code: str):
    return await commands.register_unit(uow, org_code=org_code, name="成都市锦江区人民医院", jurisdiction="sichuan",
                                        city_id="510100", district_id="510104", admin_username=f"admin-{org_code}",
                                        admin_password=PASSWORD, admin_name="科教科")


async def register_learner(uow, org_code: str, id_number: str):
    return await commands.register_individual(uow, org_code=org_code, role=Role.LEARNER, id_number=id_number,
                                              name="张三", phone="13800000000", password=PASSWORD)


class TestRegistration:
    async def test_a_unit_registers_once_and_its_admin_may_sign_in_at_once(self, fake_uow, new_org_code):
        code = new_org_code()
        unit, admin = await open_unit(fake_uow, code)
        assert unit.jurisdiction == "jinjiang"  # 锦江区 has its own rules
        assert (await commands.sign_in(fake_uow, admin.username, PASSWORD)).id == admin.id
        assert fake_uow.audited[0]["action"] == "unit.registered"
        with pytest.raises(Conflict) as refused:
            await open_unit(fake_uow, code)
        assert refused.value.code == "unit.already_registered"

    async def test_a_learner_of_an_unregistered_unit_is_told_to_ask_the_unit_first(self, fake_uow, new_org_code,
                                                                                  new_id_number):
        with pytest.raises(NotFound) as refused:
            await register_learner(fake_uow, new_org_code(), new_id_number())
        assert refused.value.code == "unit.not_registered"

    async def test_a_learner_waits_for_the_unit_and_may_sign_in_once_approved(self, fake_uow, new_org_code,
                                                                             new_id_number):
        code = new_org_code()
        _, admin = await open_unit(fake_uow, code)
        learner = await register_learner(fake_uow, code, new_id_number())
        with pytest.raises(Forbidden, match="等待所属单位审核"):
            await commands.sign_in(fake_uow, learner.username, PASSWORD)
        assert await queries.unit_learners(fake_uow, admin.principal()) == []
        await commands.decide_registration(fake_uow, admin.principal(), learner.id, approve=True)
        assert (await commands.sign_in(fake_uow, learner.username, PASSWORD)).status is AccountStatus.ACTIVE
        assert [a.id for a in await queries.unit_learners(fake_uow, admin.principal())] == [learner.id]
        (approved,) = fake_uow.events(AccountApproved)
        assert (approved["account_id"], approved["unit_id"], approved["decided_by"]) == (learner.id, learner.unit_id,
                                                                                         admin.id)

    async def test_another_units_admin_cannot_decide_and_nothing_is_published(self, fake_uow, new_org_code,
                                                                             new_id_number):
        code = new_org_code()
        await open_unit(fake_uow, code)
        learner = await register_learner(fake_uow, code, new_id_number())
        _, stranger = await open_unit(fake_uow, new_org_code())
        with pytest.raises(NotFound):
            await commands.decide_registration(fake_uow, stranger.principal(), learner.id, approve=False)
        assert (await fake_uow.accounts.get(learner.id)).status is AccountStatus.PENDING
        assert fake_uow.events(AccountRejected) == []
