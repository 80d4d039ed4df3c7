"""Shared fixtures of the credits service's tests."""

from __future__ import annotations

import itertools

import pytest

from cme_credits.domain.identity import with_check_digit

_serial = itertools.count(1)


def new_id_number(birth: str = "19850315") -> str:
    """A valid, unique ID number (居民身份证号) for a test person."""
    return with_check_digit(f"330106{birth}{next(_serial) % 1000:03d}")


@pytest.fixture
def id_number():
    """A factory of valid, distinct ID numbers."""
    return new_id_number


class FakeUnitMemberRepository:
    """In memory, what `adapters.mirrors.UnitMemberRepository` keeps in PostgreSQL.

    `integration/test_unit_member_contract.py` runs the same scenarios against both, so a unit
    test that trusts this fake trusts the real mirror.
    """

    def __init__(self):
        self.members: dict[str, dict] = {}  # by account id, as the table's primary key

    async def approve(self, account_id: str, *, unit_id: str, id_number: str, name: str, jurisdiction: str | None,
                      approved_at) -> None:
        self.members[account_id] = {"unit_id": unit_id, "id_number": id_number, "name": name,
                                    "jurisdiction": jurisdiction, "approved_at": approved_at}

    async def remove(self, account_id: str) -> None:
        self.members.pop(account_id, None)

    async def registered_name(self, unit_id: str | None, id_number: str) -> str | None:
        found = [m for m in self.members.values() if m["unit_id"] == (unit_id or "") and m["id_number"] == id_number]
        return max(found, key=lambda m: m["approved_at"])["name"] if found else None


@pytest.fixture
def fake_members() -> FakeUnitMemberRepository:
    """An empty in-memory unit-members mirror."""
    return FakeUnitMemberRepository()
