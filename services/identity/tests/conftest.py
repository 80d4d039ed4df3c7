"""Shared fixtures of the identity service's tests: codes that pass their check digits, a running service,
and the in-memory repositories of `fakes.py` that the unit tests run the use cases on."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

import pytest

from cme_identity.adapters.tokens import new_key_pair
from cme_identity.bootstrap import bootstrap
from cme_identity.config import IdentitySettings
from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_identity.entrypoints.app import create_app
from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside
from cme_platform.testing.services import eventually, migrated_database, running, settings_for

fakes = module_beside(__file__, "fakes.py")
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


@pytest.fixture
def fake_uow() -> InMemoryUnitOfWork:
    """An identity unit of work on empty in-memory repositories (`uow.accounts`, `uow.units`)."""
    return InMemoryUnitOfWork(source="identity", accounts=fakes.FakeAccountRepository(),
                              units=fakes.FakeUnitRepository())
