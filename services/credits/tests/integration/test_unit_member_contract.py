"""The unit-members mirror behaves alike in memory and in PostgreSQL (the contract of the fake
the unit tests use): the same scenarios run against both."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

EARLIER = datetime(2026, 3, 1, 9, tzinfo=UTC)
LATER = EARLIER + timedelta(days=2)


@pytest.fixture(params=["in memory", "postgresql"])
async def members(request, service, fake_members):
    """The mirror under test; the PostgreSQL one works in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_members
        return
    async with service.app.state.runtime.uow() as uow:
        yield uow.members


def unit() -> str:
    return f"unit-{uuid.uuid4().hex[:8]}"


async def test_an_approved_person_is_registered_under_their_name_in_that_unit_only(members, id_number):
    person, here, elsewhere = id_number(), unit(), unit()
    await members.approve("acct-1", unit_id=here, id_number=person, name="刘洋", jurisdiction="jinjiang",
                          approved_at=EARLIER)
    assert await members.registered_name(here, person) == "刘洋"
    assert await members.registered_name(elsewhere, person) is None
    assert await members.registered_name(None, person) is None  # a caller without a unit has no members
    assert await members.registered_name(here, id_number()) is None


async def test_a_new_decision_on_the_same_account_replaces_the_old_one(members, id_number):
    person, first, second = id_number(), unit(), unit()
    await members.approve("acct-2", unit_id=first, id_number=person, name="刘洋", jurisdiction=None,
                          approved_at=EARLIER)
    await members.approve("acct-2", unit_id=second, id_number=person, name="刘 洋", jurisdiction=None,
                          approved_at=LATER)
    assert await members.registered_name(first, person) is None
    assert await members.registered_name(second, person) == "刘 洋"


async def test_of_two_accounts_of_one_person_in_a_unit_the_latest_approval_names_them(members, id_number):
    person, here = id_number(), unit()
    await members.approve("acct-3", unit_id=here, id_number=person, name="新名字", jurisdiction=None,
                          approved_at=LATER)
    await members.approve("acct-4", unit_id=here, id_number=person, name="旧名字", jurisdiction=None,
                          approved_at=EARLIER)
    assert await members.registered_name(here, person) == "新名字"


async def test_a_removed_account_is_no_member_and_removing_an_unknown_one_is_harmless(members, id_number):
    person, here = id_number(), unit()
    await members.approve("acct-5", unit_id=here, id_number=person, name="陈静", jurisdiction=None,
                          approved_at=EARLIER)
    await members.remove("acct-5")
    await members.remove("acct-never-approved")
    assert await members.registered_name(here, person) is None
