"""Shared fixtures of the credits service's tests, and the in-memory repositories of `fakes.py` and
`ledger_fakes.py` that the unit tests run the use cases on."""

from __future__ import annotations

import itertools

import pytest

from cme_credits.domain.identity import with_check_digit
from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside

fakes = module_beside(__file__, "fakes.py")
ledger_fakes = module_beside(__file__, "ledger_fakes.py")

_serial = itertools.count(1)


def new_id_number(birth: str = "19850315") -> str:
    """A valid, unique ID number (居民身份证号) for a test person."""
    return with_check_digit(f"330106{birth}{next(_serial) % 1000:03d}")


@pytest.fixture
def id_number():
    """A factory of valid, distinct ID numbers."""
    return new_id_number


@pytest.fixture
def fake_members():
    """An empty in-memory unit-members mirror (`fakes.FakeUnitMemberRepository`)."""
    return fakes.FakeUnitMemberRepository()


@pytest.fixture
def fake_uow(fake_members) -> InMemoryUnitOfWork:
    """A credits unit of work on empty in-memory repositories, its unit members `fake_members`."""
    return InMemoryUnitOfWork(source="credits", credits=ledger_fakes.FakeCreditRepository(), members=fake_members,
                              evidence=fakes.FakeEvidenceRepository(), projects=fakes.FakeProjectRepository(),
                              early_review=fakes.FakeEarlyReviewRepository(),
                              import_batches=fakes.FakeImportBatchRepository())
