"""When reminders are due: pure functions of the rules, today's Beijing date and what is known.

Each reminder has a key naming the thing and its day, so the scheduler can run as often as it
likes, on any replica, across restarts, and a reminder is written at most once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cme_notifications.domain.model import Notice, chinese_date, credits_text
from cme_notifications.domain.recipients import Recipient
from cme_notifications.domain.rules import ReminderRules


@dataclass(frozen=True)
class HeldSession:
    """A session whose execution report the unit owes (learned from HoldApplicationApproved)."""

    session_id: str
    project_number: str
    project_name: str
    unit_id: str
    jurisdiction: str
    end_date: date


@dataclass(frozen=True)
class WaitingApplication:
    """A hold application submitted and not yet decided by the office."""

    application_id: str
    project_number: str
    jurisdiction: str
    submitted_on: date


@dataclass(frozen=True)
class CreditTotals:
    """A learner's approved credits of one year (from CreditApproved minus CreditRevoked)."""

    id_number: str
    jurisdiction: str
    class_i: float
    class_ii: float

    @property
    def total(self) -> float:
        return self.class_i + self.class_ii


def report_due_date(rules: ReminderRules, end_date: date) -> date:
    """执行情况上报截止日: two weeks (the rule's days) after the session's last day."""
    return end_date + timedelta(days=rules.report_due_days)


def report_reminder(rules: ReminderRules, session: HeldSession, today: date) -> Notice | None:
    """The unit's reminder for today, if today is one of the rule's days before the due date."""
    due = report_due_date(rules, session.end_date)
    days_left = (due - today).days
    if days_left not in rules.report_reminder_days:
        return None
    when = "今天是截止日" if days_left == 0 else f"还剩 {days_left} 天"
    body = (f"项目“{session.project_name}”（{session.project_number}）已于{chinese_date(session.end_date)}结束，"
            f"执行情况须在{chinese_date(due)}前上报，{when}。请勾选完成学时的学员并上报。")
    recipient = Recipient.unit(session.unit_id)
    return Notice(f"report_due:{session.session_id}:{due.isoformat()}:{days_left}", recipient,
                  "reminder.execution_report", "执行情况上报提醒", body, "/me", session.jurisdiction)


def hold_wait_reminder(rules: ReminderRules, application: WaitingApplication, today: date) -> Notice | None:
    """The office's reminder when an application has waited past the limit (then every few days)."""
    waited = (today - application.submitted_on).days
    over = waited - rules.hold_wait_limit_days
    if over < 0 or over % rules.hold_wait_repeat_days:
        return None
    body = (f"举办申请（{application.project_number}）已于{chinese_date(application.submitted_on)}提交，"
            f"已等待 {waited} 天，超过规定的 {rules.hold_wait_limit_days} 天，请尽快审核。")
    return Notice(f"hold_wait:{application.application_id}:{today.isoformat()}", Recipient.office(
        application.jurisdiction), "reminder.hold_application", "举办申请待审核", body, "/me", application.jurisdiction)


def compliance_shortfall(rules: ReminderRules, totals: CreditTotals) -> list[str]:
    """What a learner still lacks this year, in Chinese; empty when compliant."""
    missing = []
    if totals.total < rules.annual_total:
        missing.append(f"总学分还差 {credits_text(rules.annual_total - totals.total)} 分")
    if totals.class_i < rules.class_i_min:
        missing.append(f"Ⅰ类学分还差 {credits_text(rules.class_i_min - totals.class_i)} 分")
    if totals.class_ii < rules.class_ii_min:
        missing.append(f"Ⅱ类学分还差 {credits_text(rules.class_ii_min - totals.class_ii)} 分")
    return missing


def is_compliance_warning_day(rules: ReminderRules, today: date) -> bool:
    """第四季度的提醒日 of this jurisdiction."""
    return today.month in rules.compliance_warning_months and today.day == rules.compliance_warning_day


def compliance_warning(rules: ReminderRules, totals: CreditTotals, today: date) -> Notice | None:
    """The learner's warning for today, if it is a warning day and they are short."""
    if not is_compliance_warning_day(rules, today):
        return None
    missing = compliance_shortfall(rules, totals)
    if not missing:
        return None
    body = (f"您 {today.year} 年度已获Ⅰ类 {credits_text(totals.class_i)} 分、Ⅱ类 {credits_text(totals.class_ii)} 分，"
            f"合计 {credits_text(totals.total)} 分；{'，'.join(missing)}。年度要求：不少于 "
            f"{credits_text(rules.annual_total)} 分，其中Ⅰ类≥{credits_text(rules.class_i_min)}、"
            f"Ⅱ类≥{credits_text(rules.class_ii_min)}。请在年底前完成。")
    return Notice(f"compliance:{totals.id_number}:{today.isoformat()}", Recipient.learner(totals.id_number),
                  "reminder.compliance", "年度学分未达标提醒", body, f"/me?year={today.year}", totals.jurisdiction)
