"""Notices written, reminded and sent on in-memory repositories: each once, by the channels its reader
chose, after their quiet hours; a failed send is retried and then given up."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from cme_notifications.adapters.channels import ChannelError
from cme_notifications.domain.model import Notice
from cme_notifications.domain.preferences import Channel, Preferences
from cme_notifications.domain.recipients import Recipient
from cme_notifications.domain.reminders import HeldSession, report_due_date
from cme_notifications.domain.rules import rules_for
from cme_notifications.service_layer import centre
from cme_notifications.service_layer.dispatcher import Dispatcher
from cme_notifications.service_layer.scheduler import tick
from cme_notifications.service_layer.writing import write
from cme_platform.auth import Principal, Role
from cme_platform.clock import Clock, offset_to
from cme_platform.errors import NotFound

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)  # 23:00 in Beijing
LEARNER = Principal("acct-1", Role.LEARNER, id_number="51010419850312123X")
APPROVED = Notice("event-1:acct-1", Recipient.account("acct-1"), "credit_approved", "学分审核通过", "已通过", "/me")


class FlakyChannel:
    """An SMS gateway that fails the first `failures` sends."""

    name = "sms"

    def __init__(self, failures: int):
        self.failures, self.sent = failures, []

    async def send(self, message) -> None:
        if self.failures:
            self.failures -= 1
            raise ChannelError("网关超时")
        self.sent.append(message)


@pytest.fixture
def uow(fake_uow):
    fake_uow.clock = Clock(offset_to(NOW))
    return fake_uow


async def quiet_sms_reader(uow) -> None:
    chosen = Preferences(frozenset({Channel.SMS}), time(22), time(7), phone="13800000000")
    await centre.save_preferences(uow, LEARNER, chosen)


class TestWriting:
    async def test_a_notice_is_written_once_and_its_sms_waits_for_the_end_of_the_quiet_hours(self, uow):
        await quiet_sms_reader(uow)
        async with uow:
            assert await write(uow, [APPROVED, APPROVED]) == 1
        (delivery,) = uow.messages.deliveries.values()
        assert (delivery.address, delivery.not_before) == ("13800000000", datetime(2026, 11, 20, 23, tzinfo=UTC))
        assert await centre.unread_count(uow, LEARNER) == 1

    async def test_a_person_cannot_mark_someone_elses_message_read(self, uow):
        async with uow:
            await write(uow, [APPROVED])
        (message_id,) = uow.messages.messages
        with pytest.raises(NotFound):
            await centre.mark_read(uow, Principal("acct-2", Role.LEARNER), message_id)
        assert await centre.mark_read(uow, LEARNER, message_id) == 1


class TestSending:
    async def test_a_failed_send_is_retried_and_given_up_after_the_last_attempt(self, uow):
        await quiet_sms_reader(uow)
        async with uow:
            await write(uow, [APPROVED])
        uow.clock = Clock(offset_to(NOW + timedelta(hours=9)))
        gateway = FlakyChannel(failures=5)
        dispatcher = Dispatcher(lambda: uow, {"sms": gateway}, base_url="https://cme.example.cn", max_attempts=2)
        assert await dispatcher.send_due() == 1
        assert await dispatcher.send_due() == 1
        assert await dispatcher.send_due() == 0
        (delivery,) = uow.messages.deliveries.values()
        assert (delivery.status, delivery.attempts, gateway.sent) == ("failed", 2, [])


class TestReminders:
    async def test_a_unit_owing_a_report_is_reminded_once_a_day_and_only_by_the_leading_replica(self, uow):
        rules, ended = rules_for("sichuan"), date(2026, 11, 1)
        reminder_day = report_due_date(rules, ended) - timedelta(days=rules.report_reminder_days[0])
        uow.clock = Clock(offset_to(datetime.combine(reminder_day, time(2), UTC)))
        await uow.read_models.add_session(HeldSession("sess-1", "2026-03-05-129（国）", "学习班", "unit-1", "sichuan",
                                                      ended))
        assert await tick(uow) == 1
        assert await tick(uow) == 0
        uow.scheduler_lock.held_elsewhere = True
        assert await tick(uow) is None
        (message,) = uow.messages.messages.values()
        assert (message.recipient_key, message.category) == ("unit-1", "reminder.execution_report")
