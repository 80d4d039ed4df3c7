"""An approved hold application becomes a session here, once, however often the approval is delivered."""

from __future__ import annotations

from datetime import date

from cme_attendance.service_layer.sessions import on_hold_application_approved
from cme_platform.testing.fakes import InMemoryUnitOfWork

DAY = date(2026, 5, 12)


class TestSessionsFromApprovals:
    async def test_an_approval_opens_the_session_with_its_windows_and_required_hours(self, fake_sessions, make):
        approval = make.approval(start=make.at(DAY, 8), required_hours=6, refresh_seconds=60)
        await on_hold_application_approved(approval, InMemoryUnitOfWork(sessions=fake_sessions))
        session = await fake_sessions.get(approval.session_id)
        assert session.check_in_window == approval.check_in_window
        assert (session.required_hours, session.qr_refresh_seconds, session.owner_id) == (6, 60, make.owner)

    async def test_a_redelivered_approval_leaves_the_session_as_first_opened(self, fake_sessions, make):
        approval = make.approval(start=make.at(DAY, 8), venue="苏州会场")
        uow = InMemoryUnitOfWork(sessions=fake_sessions)
        await on_hold_application_approved(approval, uow)
        await on_hold_application_approved(approval.model_copy(update={"venue": "南京会场"}), uow)
        assert (await fake_sessions.get(approval.session_id)).venue == "苏州会场"
