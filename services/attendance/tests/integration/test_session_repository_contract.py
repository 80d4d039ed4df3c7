"""The sessions repository behaves alike in memory and in PostgreSQL (the contract of the fake the
unit tests use): the same scenarios run against both."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

DAY = date(2026, 5, 12)


@pytest.fixture(params=["in memory", "postgresql"])
async def sessions(request, service, fake_sessions):
    """The repository under test; the PostgreSQL one works in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_sessions
        return
    app, _ = service
    async with app.state.runtime.uow() as uow:
        yield uow.sessions


async def test_a_stored_session_reads_back_with_its_windows_schedule_and_rules(sessions, make):
    stored = make.session_of(make.approval(start=make.at(DAY, 8), days=2, required_hours=12, refresh_seconds=30))
    await sessions.add(stored)
    assert await sessions.get(stored.session_id) == stored


async def test_a_second_approval_of_the_same_session_changes_nothing(sessions, make):
    first = make.session_of(make.approval(start=make.at(DAY, 8), venue="苏州会场"))
    await sessions.add(first)
    await sessions.add(replace(first, venue="南京会场", required_hours=1))
    assert await sessions.get(first.session_id) == first


async def test_an_unknown_session_is_none(sessions):
    assert await sessions.get("sess-never-approved") is None


async def test_a_batch_reads_the_sessions_it_names_and_leaves_out_unknown_ones(sessions, make):
    one, two, other = (make.session_of(make.approval(start=make.at(DAY, 8))) for _ in range(3))
    for session in (one, two, other):
        await sessions.add(session)
    found = await sessions.get_many([one.session_id, two.session_id, one.session_id, "sess-never-approved"])
    assert found == {one.session_id: one, two.session_id: two}
    assert await sessions.get_many([]) == {}
