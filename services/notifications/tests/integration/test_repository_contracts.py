"""The notifications repositories behave alike in memory (`tests/fakes.py`) and in PostgreSQL (the
contract of the fakes the unit tests use): the same scenarios run against both. The database is shared
with the other integration tests, so each scenario reads back only what it wrote itself."""

from __future__ import annotations

import uuid
from contextlib import AsyncExitStack
from datetime import UTC, date, datetime, time, timedelta

import pytest

from cme_notifications.domain.model import Notice
from cme_notifications.domain.preferences import Channel, Preferences
from cme_notifications.domain.recipients import Recipient
from cme_notifications.domain.reminders import CreditTotals, HeldSession, WaitingApplication

NOW = datetime(2026, 11, 20, 2, tzinfo=UTC)


@pytest.fixture(params=["in memory", "postgresql"])
async def uow(request, service, fake_uow):
    """The repositories under test, the PostgreSQL ones in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_uow
        return
    async with service.runtime.uow() as real:
        yield real


def notice(to: Recipient, title: str = "学分审核通过") -> Notice:
    return Notice(f"event-{uuid.uuid4()}:{to.key}", to, "credit_approved", title, "您的学分已通过审核", "/me/credits",
                  "sichuan")


def someone() -> Recipient:
    return Recipient.account(f"acct-{uuid.uuid4().hex[:12]}")


class TestMessages:
    async def test_a_notice_is_stored_once_by_its_key_and_read_back_newest_first(self, uow):
        me, other = someone(), someone()
        first, second = notice(me, "第一条"), notice(me, "第二条")
        first_id = await uow.messages.add(first, NOW)
        assert first_id and await uow.messages.add(first, NOW + timedelta(hours=1)) is None
        await uow.messages.add(second, NOW + timedelta(minutes=1))
        await uow.messages.add(notice(other), NOW)
        rows = await uow.messages.mine([me], unread_only=False, limit=10, offset=0)
        assert [(r.title, r.created_at, r.read_at) for r in rows] == [("第二条", NOW + timedelta(minutes=1), None),
                                                                      ("第一条", NOW, None)]
        assert [r.title for r in await uow.messages.mine([me], unread_only=False, limit=1, offset=1)] == ["第一条"]
        assert await uow.messages.exists_for([me], first_id)
        assert not await uow.messages.exists_for([other], first_id)

    async def test_read_messages_leave_the_unread_count(self, uow):
        me = someone()
        one = await uow.messages.add(notice(me), NOW)
        for _ in range(2):
            await uow.messages.add(notice(me), NOW)
        assert await uow.messages.unread_count([me]) == 3
        assert await uow.messages.mark_read([me], NOW, one) == 1
        assert await uow.messages.mark_read([someone()], NOW, one) == 0
        assert len(await uow.messages.mine([me], unread_only=True, limit=10, offset=0)) == 2
        assert await uow.messages.mark_read([me], NOW) == 2
        assert await uow.messages.unread_count([me]) == 0

    async def test_due_deliveries_are_claimed_with_their_message_and_their_attempts_recorded(self, uow):
        message_id = await uow.messages.add(notice(someone(), "请提交执行情况"), NOW)
        phone = f"138{uuid.uuid4().int % 10**8:08d}"
        await uow.messages.add_delivery(message_id, Channel.SMS, phone, NOW)
        await uow.messages.add_delivery(message_id, Channel.SMS, phone, NOW)  # the same send once
        await uow.messages.add_delivery(message_id, Channel.WECHAT, "openid-1", NOW + timedelta(hours=8))

        async def mine(at: datetime) -> list:
            return [d for d in await uow.messages.claim_due(at, 10_000) if d.message_id == message_id]

        (due,) = await mine(NOW)
        assert (due.channel, due.address, due.title, due.link, due.attempts) == ("sms", phone, "请提交执行情况",
                                                                                "/me/credits", 0)
        await uow.messages.mark_delivery(due.delivery_id, sent_at=None, error="网关超时", give_up=False)
        assert [(d.attempts, d.last_error) for d in await mine(NOW)] == [(1, "网关超时")]
        await uow.messages.mark_delivery(due.delivery_id, sent_at=NOW, error=None, give_up=False)
        assert [d.channel for d in await mine(NOW + timedelta(hours=8))] == ["wechat"]


class TestPreferences:
    async def test_saved_preferences_replace_the_old_and_reach_every_address_they_cover(self, uow):
        account = f"acct-{uuid.uuid4().hex[:12]}"
        me, unit = Recipient.account(account), Recipient.unit(f"unit-{uuid.uuid4().hex[:8]}")
        assert await uow.preferences.get(account) is None
        await uow.preferences.save(account, Preferences(frozenset({Channel.WECHAT}), wechat_openid="o-1"), [me, unit])
        chosen = Preferences(frozenset({Channel.SMS}), time(22), time(7), phone="13800000000")
        await uow.preferences.save(account, chosen, [me])
        assert await uow.preferences.get(account) == chosen
        assert await uow.preferences.for_recipient(me) == [chosen]
        assert await uow.preferences.for_recipient(unit) == []


class TestReadModels:
    async def test_a_session_owes_its_report_until_reported(self, uow):
        held = HeldSession(f"sess-{uuid.uuid4().hex[:12]}", "2026-03-05-129（国）", "学习班", "unit-1", "sichuan",
                           date(2026, 11, 10))
        await uow.read_models.add_session(held)
        await uow.read_models.add_session(held)  # a redelivered approval

        async def owing(since: date) -> list:
            return [s for s in await uow.read_models.sessions_owing_reports(since) if s.session_id == held.session_id]

        assert await owing(date(2026, 11, 1)) == [held]
        assert await owing(date(2026, 11, 11)) == []
        await uow.read_models.mark_reported(held.session_id, NOW)
        assert await owing(date(2026, 11, 1)) == []

    async def test_an_application_waits_from_its_last_submission_until_decided(self, uow):
        application = f"app-{uuid.uuid4().hex[:12]}"
        models = uow.read_models
        await models.application_submitted(application, "2026-03-05-129（国）", "sichuan", "owner-1", NOW)
        await models.application_submitted(application, "2026-03-05-129（国）", "sichuan", "owner-1",
                                           NOW + timedelta(days=1, hours=16))  # resubmitted: 11-22 in Beijing
        assert [w for w in await models.waiting() if w.application_id == application] == [
            WaitingApplication(application, "2026-03-05-129（国）", "sichuan", date(2026, 11, 22))]
        assert await models.application_decided(application, NOW) == ("2026-03-05-129（国）", "owner-1")
        assert [w for w in await models.waiting() if w.application_id == application] == []
        assert await models.application_decided("app-never-submitted", NOW) is None

    async def test_yearly_totals_count_approved_credits_by_class_and_known_learners_without_any(self, uow):
        busy, idle, withdrawn = (f"5101{uuid.uuid4().int % 10**13:013d}X" for _ in range(3))
        models = uow.read_models
        for credit_class, credits, year in (("I", 4, 2026), ("I", 1.5, 2026), ("II", 2, 2026), ("I", 9, 2025)):
            await models.credit_approved(str(uuid.uuid4()), busy, year, credit_class, credits, "sichuan")
        revoked = str(uuid.uuid4())
        await models.credit_approved(revoked, withdrawn, 2026, "I", 5, "jinjiang")
        await models.credit_revoked(revoked)
        await models.learner_registered(idle, "zhejiang")
        await models.learner_registered(idle, "sichuan")  # known already
        totals = {t.id_number: t for t in await models.yearly_totals(2026) if t.id_number in (busy, idle, withdrawn)}
        assert totals == {busy: CreditTotals(busy, "sichuan", 5.5, 2.0), idle: CreditTotals(idle, "zhejiang", 0, 0),
                          withdrawn: CreditTotals(withdrawn, "jinjiang", 0, 0)}
        await models.credit_approved(revoked, withdrawn, 2026, "I", 5, "jinjiang")  # approved again after correction
        assert [t.class_i for t in await models.yearly_totals(2026) if t.id_number == withdrawn] == [5.0]


@pytest.fixture(params=["in memory", "postgresql"])
async def locks(request, service, fake_uow):
    """(this replica's lock, a way to have another replica hold it), on a lock number of this test's own."""
    number = uuid.uuid4().int % 2**31
    if request.param == "in memory":
        async def rival() -> None:
            fake_uow.scheduler_lock.held_elsewhere = True

        fake_uow.scheduler_lock.lock = number
        yield fake_uow.scheduler_lock, rival
        return
    async with AsyncExitStack() as stack:
        mine = await stack.enter_async_context(service.runtime.uow())

        async def rival() -> None:
            other = await stack.enter_async_context(service.runtime.uow())
            other.scheduler_lock.lock = number
            assert await other.scheduler_lock.take()

        mine.scheduler_lock.lock = number
        yield mine.scheduler_lock, rival


async def test_the_scheduler_lock_is_taken_unless_another_replica_holds_it(locks):
    lock, rival = locks
    await rival()
    assert not await lock.take()


async def test_a_free_scheduler_lock_is_taken_and_kept_for_the_unit(locks):
    lock, _ = locks
    assert await lock.take()
    assert await lock.take()
