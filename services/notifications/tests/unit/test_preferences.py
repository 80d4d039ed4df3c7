"""Quiet hours are Beijing time, may run over midnight, and hold a message until they end."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from cme_notifications.domain.preferences import Channel, Preferences
from cme_platform.errors import DomainError

NIGHT = Preferences(frozenset({Channel.SMS}), time(22, 0), time(7, 0), phone="13800000000")


def test_a_message_at_23_beijing_waits_until_7_the_next_morning():
    late = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # 23:00 in Beijing
    assert NIGHT.release_at(late) == datetime(2026, 12, 2, 23, 0, tzinfo=UTC)  # 07:00 on 3 December


def test_a_message_at_6_beijing_waits_one_hour():
    early = datetime(2026, 12, 2, 22, 0, tzinfo=UTC)  # 06:00 on 3 December in Beijing
    assert NIGHT.release_at(early) == datetime(2026, 12, 2, 23, 0, tzinfo=UTC)


def test_a_message_in_the_day_goes_at_once():
    noon = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    assert NIGHT.release_at(noon) == noon


def test_sms_without_a_phone_is_refused():
    with pytest.raises(DomainError) as refused:
        Preferences(frozenset({Channel.SMS})).check()
    assert refused.value.code == "preferences.address_missing"


def test_half_given_quiet_hours_are_refused():
    with pytest.raises(DomainError):
        Preferences(quiet_start=time(22, 0)).check()
