"""When reminders are due: execution reports 7, 3 and 1 days before the due date and on it;
applications waiting past the rule; learners short of their year in the fourth quarter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cme_contracts.jurisdictions import UnknownJurisdiction
from cme_notifications.domain.reminders import (
    CreditTotals,
    HeldSession,
    WaitingApplication,
    compliance_shortfall,
    compliance_warning,
    hold_wait_reminder,
    report_due_date,
    report_reminder,
)
from cme_notifications.domain.rules import every_rule_set, rules_for

SICHUAN = rules_for("sichuan")
SESSION = HeldSession("s-1", "2026-03-05-129（国）", "疼痛治疗新进展学习班", "unit-1", "sichuan", date(2026, 11, 20))


class TestExecutionReportReminder:
    def test_the_report_is_due_two_weeks_after_the_last_day(self):
        assert report_due_date(SICHUAN, SESSION.end_date) == date(2026, 12, 4)

    @pytest.mark.parametrize("days_left", [7, 3, 1, 0])
    def test_the_unit_is_reminded_on_the_rule_days(self, days_left):
        today = date(2026, 12, 4) - timedelta(days=days_left)
        notice = report_reminder(SICHUAN, SESSION, today)
        assert notice is not None and notice.recipient.key == "unit-1"
        assert "2026年12月4日" in notice.body
        assert ("今天是截止日" if days_left == 0 else f"还剩 {days_left} 天") in notice.body

    @pytest.mark.parametrize("days_left", [8, 6, 5, 4, 2, -1])
    def test_other_days_are_quiet(self, days_left):
        assert report_reminder(SICHUAN, SESSION, date(2026, 12, 4) - timedelta(days=days_left)) is None

    def test_each_reminder_day_has_its_own_key(self):
        keys = {report_reminder(SICHUAN, SESSION, date(2026, 12, 4) - timedelta(days=d)).key for d in (7, 3, 1, 0)}
        assert len(keys) == 4


class TestHoldApplicationWaiting:
    APPLICATION = WaitingApplication("a-1", "P-1", "sichuan", date(2026, 11, 1))

    def test_the_office_is_reminded_when_the_wait_passes_the_limit_then_every_few_days(self):
        limit, repeat = SICHUAN.hold_wait_limit_days, SICHUAN.hold_wait_repeat_days
        due_days = [d for d in range(0, 20)
                    if hold_wait_reminder(SICHUAN, self.APPLICATION, date(2026, 11, 1) + timedelta(days=d))]
        assert due_days[0] == limit and due_days[1] == limit + repeat

    def test_the_waiting_time_is_named(self):
        notice = hold_wait_reminder(SICHUAN, self.APPLICATION, date(2026, 11, 8))
        assert notice.recipient.key == "sichuan" and "已等待 7 天" in notice.body


class TestComplianceWarning:
    def test_what_is_missing_is_said_per_class(self):
        short = CreditTotals("51010419850312123X", "sichuan", class_i=5, class_ii=12)
        assert compliance_shortfall(SICHUAN, short) == ["总学分还差 8 分", "Ⅱ类学分还差 3 分"]

    def test_a_short_learner_is_warned_on_the_first_of_november(self):
        notice = compliance_warning(SICHUAN, CreditTotals("51010419850312123X", "sichuan", 2, 20), date(2026, 11, 1))
        assert "Ⅰ类学分还差 3 分" in notice.body and "51010419850312123X" not in notice.body

    def test_no_warning_outside_the_fourth_quarter_or_when_compliant(self):
        short = CreditTotals("x", "sichuan", 0, 0)
        assert compliance_warning(SICHUAN, short, date(2026, 9, 1)) is None
        assert compliance_warning(SICHUAN, CreditTotals("x", "sichuan", 10, 15), date(2026, 11, 1)) is None


def test_every_jurisdiction_has_reminder_rules_and_an_unknown_one_is_refused():
    assert {r.jurisdiction for r in every_rule_set()} >= {"sichuan", "jiangsu", "zhejiang", "jinjiang"}
    assert rules_for("jinjiang").hold_wait_limit_days == rules_for("sichuan").hold_wait_limit_days == 7
    with pytest.raises(UnknownJurisdiction):
        rules_for("hainan")
