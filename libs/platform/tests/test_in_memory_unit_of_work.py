"""The in-memory unit of work keeps the real one's contract where a use case can see it."""

from __future__ import annotations

import pytest

from cme_contracts.events import CreditRevoked
from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside

REVOKED = CreditRevoked(credit_id="c1", id_number="110101199003074514", reason="抽查不合格", revoked_by="acct-1",
                        revoked_at="2026-03-01T08:00:00+00:00")


async def test_events_count_only_once_committed_and_actions_wait_for_the_commit():
    noted: list[str] = []
    uow = InMemoryUnitOfWork(members={"x": 1})

    async def remember() -> None:
        noted.append("remembered")

    async with uow:
        await uow.publish(REVOKED)
        uow.after_commit(remember)
        assert uow.published == [] and noted == []
        await uow.commit()
    assert uow.events(CreditRevoked) == [REVOKED.model_dump(mode="json")] and noted == ["remembered"]
    assert uow.members == {"x": 1}


async def test_a_unit_left_without_commit_publishes_nothing():
    uow = InMemoryUnitOfWork()
    with pytest.raises(RuntimeError):
        async with uow:
            await uow.publish(REVOKED)
            raise RuntimeError("a refusal in the middle of the use case")
    async with uow:
        await uow.commit()
    assert uow.published == []


def test_a_module_beside_a_conftest_is_loaded_once_by_its_path(tmp_path):
    folder = tmp_path / "billing" / "tests"
    folder.mkdir(parents=True)
    (folder / "fakes.py").write_text("from dataclasses import dataclass\n\n\n@dataclass\nclass Invoice:\n"
                                     "    number: str\n")
    anchor = str(folder / "conftest.py")
    fakes = module_beside(anchor, "fakes.py")
    assert fakes.__name__ == "billing_tests_fakes" and fakes.Invoice("1").number == "1"
    assert module_beside(anchor, "fakes.py") is fakes
