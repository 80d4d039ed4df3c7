"""Identity's decisions on registrations keep credits' list of who is registered in which unit."""

from __future__ import annotations

from datetime import UTC, datetime

from cme_contracts.events import AccountApproved, AccountRejected
from cme_credits.service_layer.unit_members import on_account_approved, on_account_rejected
from cme_platform.testing.fakes import InMemoryUnitOfWork

DECIDED = {"account_id": "acct-1", "name": "刘洋", "unit_id": "cd-unit", "jurisdiction": "jinjiang",
           "id_number": "510101199001011234", "decided_by": "acct-unit", "decided_at": datetime(2026, 3, 1, tzinfo=UTC)}


class TestUnitMembers:
    async def test_an_approved_learner_is_registered_in_the_unit(self, fake_members):
        await on_account_approved(AccountApproved(role="learner", **DECIDED), InMemoryUnitOfWork(members=fake_members))
        assert await fake_members.registered_name("cd-unit", DECIDED["id_number"]) == "刘洋"

    async def test_other_roles_and_learners_without_a_unit_are_not_members(self, fake_members):
        uow = InMemoryUnitOfWork(members=fake_members)
        await on_account_approved(AccountApproved(role="project_owner", **DECIDED), uow)
        await on_account_approved(AccountApproved(role="learner", **DECIDED | {"unit_id": None}), uow)
        assert fake_members.members == {}

    async def test_a_rejection_undoes_an_earlier_approval(self, fake_members):
        uow = InMemoryUnitOfWork(members=fake_members)
        await on_account_approved(AccountApproved(role="learner", **DECIDED), uow)
        await on_account_rejected(AccountRejected(role="learner", **DECIDED), uow)
        assert await fake_members.registered_name("cd-unit", DECIDED["id_number"]) is None
