"""Shared fixtures of the notifications service's tests: sample people and sessions, and the in-memory
repositories of `fakes.py` that the unit tests run the use cases on."""

from __future__ import annotations

import uuid

import pytest

from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside
from cme_platform.testing.jurisdictions import scratch_province

fakes = module_beside(__file__, "fakes.py")

LEARNER_ID = "51010419850312123X"


def random_id_number() -> str:
    """A fresh 18-character ID number, so tests do not read each other's messages."""
    return f"5101{uuid.uuid4().int % 10**13:013d}X"


@pytest.fixture
def new_id_number():
    """Factory of fresh ID numbers."""
    return random_id_number


@pytest.fixture
def new_province(tmp_path_factory):
    """Factory of provinces of a test's own (`zone-…`, the national rule), known for the whole session."""
    folder = tmp_path_factory.getbasetemp() / "jurisdictions"
    return lambda: scratch_province(folder)


@pytest.fixture
def fake_uow() -> InMemoryUnitOfWork:
    """A notifications unit of work on empty in-memory repositories (`uow.messages`, `.preferences`,
    `.read_models`, `.scheduler_lock`)."""
    return InMemoryUnitOfWork(source="notifications", messages=fakes.FakeMessageRepository(),
                              preferences=fakes.FakePreferenceRepository(), read_models=fakes.FakeReadModels(),
                              scheduler_lock=fakes.FakeSchedulerLock())
