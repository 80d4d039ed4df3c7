"""Shared fixtures of the identity service's tests: codes that pass their check digits, a running service,
and the in-memory repositories the unit tests run the use cases on."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from cme_identity.adapters.tokens import new_key_pair
from cme_identity.bootstrap import bootstrap
from cme_identity.config import IdentitySettings
from cme_identity.domain.accounts import Account, Unit
from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_identity.entrypoints.app import create_app
from cme_platform.auth import Role
from cme_platform.testing.fakes import InMemoryUnitOfWork
from cme_platform.testing.services import eventually, migrated_database, running, settings_for

_counter = itertools.count(random.randrange(10_000_000))


@pytest.fixture
def new_org_code() -> Callable[[], str]:
    """Makes fresh organisation codes with correct check digits."""
    return lambda: org_code_with_check_digit(f"{next(_counter) % 100_000_000:08d}")


@pytest.fixture
def new_id_number() -> Callable[[], str]:
    """Makes fresh Sichuan ID numbers with correct check digits."""
    return lambda: id_number_with_check_digit(f"51010719850101{next(_counter) % 1000:03d}")


@pytest.fixture(scope="session")
def signing_key() -> tuple[str, str]:
    """The (private PEM, public PEM) pair the identity service under test signs with."""
    return new_key_pair()


@pytest.fixture(scope="module")
async def identity(infra, signing_key):
    """One running identity service (its own migrated database) shared by a test module.

    The first provincial-office account `sc-admin` / `Sichuan2026` of Sichuan is seeded.
    """
    private, public = signing_key
    settings = settings_for(
        infra,
        IdentitySettings,
        await migrated_database(infra, "cme_identity"),
        jwt_private_key=private,
        jwt_public_key=public,
        bootstrap_admin="sc-admin:Sichuan2026:sichuan",
        sign_in_failures_per_address=10_000,
        sign_in_failures_per_account=10_000,
    )
    app = create_app(settings)
    async with running(app) as client:
        async def seeded():
            response = await client.post(
                "/api/identity/sessions", json={"username": "sc-admin", "password": "Sichuan2026"}
            )
            return response.status_code == 200

        await eventually(seeded, timeout=15)
        yield client


@pytest.fixture(scope="module")
async def runtime(infra, signing_key):
    """An identity runtime on its own migrated database; nothing is started, only units of work are made."""
    private, public = signing_key
    settings = settings_for(infra, IdentitySettings, await migrated_database(infra, "cme_identity"),
                            jwt_private_key=private, jwt_public_key=public)
    runtime = bootstrap(settings)
    yield runtime
    await runtime.engine.dispose()


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


@pytest.fixture
def fake_uow() -> InMemoryUnitOfWork:
    """An identity unit of work on empty in-memory repositories (`uow.accounts`, `uow.units`)."""
    return InMemoryUnitOfWork(source="identity", accounts=FakeAccountRepository(), units=FakeUnitRepository())
