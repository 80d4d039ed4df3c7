"""In memory, what the identity service's repositories keep in PostgreSQL (`adapters/`).

`integration/test_repository_contracts.py` runs the same scenarios against these and the real
repositories, so a unit test that trusts them trusts the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_identity.domain.accounts import Account, Unit
from cme_platform.auth import Role


@dataclass
class _StoredAccount:
    account: Account
    password_hash: str
    decided_by: str | None = None


class FakeAccountRepository:
    """In memory, what `adapters.accounts.AccountRepository` keeps in PostgreSQL.

    `integration/test_repository_contracts.py` runs the same scenarios against both.
    """

    def __init__(self):
        self.stored: dict[str, _StoredAccount] = {}  # by account id, in the order added

    async def add(self, account: Account, password_hash: str) -> None:
        self.stored[account.id] = _StoredAccount(account, password_hash)

    async def username_taken(self, username: str) -> bool:
        return any(s.account.username == username for s in self.stored.values())

    async def credentials(self, username: str) -> tuple[Account, str] | None:
        found = [(s.account, s.password_hash) for s in self.stored.values() if s.account.username == username]
        return found[0] if found else None

    async def get(self, account_id: str, *, for_update: bool = False) -> Account | None:
        stored = self.stored.get(account_id)
        return stored.account if stored else None

    async def save_decision(self, account: Account, decided_by: str) -> None:
        stored = self.stored[account.id]
        stored.account, stored.decided_by = account, decided_by

    async def within(self, scope: dict[str, list[str]], status: str | None = None,
                     limit: int = 200, role: Role | None = None) -> list[Account]:
        newest_first = [s.account for s in reversed(self.stored.values())]
        return [a for a in newest_first if all(getattr(a, column) in values for column, values in scope.items())
                and (not status or a.status == status) and (not role or a.role is role)][:limit]


class FakeUnitRepository:
    """In memory, what `adapters.units.UnitRepository` keeps in PostgreSQL (same contract test)."""

    def __init__(self):
        self.units: dict[str, Unit] = {}  # by unit id

    async def add(self, unit: Unit) -> None:
        self.units[unit.id] = unit

    async def by_code(self, org_code: str) -> Unit | None:
        return next((u for u in self.units.values() if u.org_code == org_code), None)

    async def get(self, unit_id: str) -> Unit | None:
        return self.units.get(unit_id)
