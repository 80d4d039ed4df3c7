"""Early review (提前审核, Chengdu 2020): this year's credits reviewed before the year ends.

Whether a jurisdiction offers it at all is its rule (`early_review` in the registry). Who may,
and when, is decided each year on the running system: the office opens a window (录入及审核
时间, with its deadline), and each unit applies with the list of its people applying for a
senior title (副高) this year (单位, 姓名, 身份证号, 手机号码, seed 001's template). Everyone
else waits for the regular review after the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.rules import RuleSet


@dataclass(frozen=True)
class Window:
    """The office's early-review window for one jurisdiction and year."""

    year: int
    opens_on: date
    closes_on: date


def check_window(rules: RuleSet, window: Window) -> None:
    """Refuse a window the jurisdiction cannot have: no early review there, or dates that make no sense."""
    _require_offered(rules)
    if window.opens_on > window.closes_on:
        raise CreditRefused("early_review.window_reversed", "提前审核的开始日期晚于截止日期",
                            opens_on=window.opens_on.isoformat(), closes_on=window.closes_on.isoformat())
    if window.opens_on.year != window.year or window.closes_on.year != window.year:
        # Early review is of this year's credits before the year ends; after it the regular review runs.
        raise CreditRefused(
            "early_review.window_outside_year",
            f"{window.year}年度学分的提前审核须在{window.year}年内开始和截止",
            year=window.year,
        )


def check_application(rules: RuleSet, window: Window | None, *, today: date) -> None:
    """A unit applies for early review only while the office's window is open."""
    _require_offered(rules)
    _require_open(window, today=today, year=window.year if window else today.year)


def check_submission(rules: RuleSet, *, credit_year: int, today: date, window: Window | None,
                     listed: bool) -> None:
    """Refuse submitting this year's credit unless the window is open and its unit listed the person."""
    if not rules.early_review or credit_year < today.year:
        return  # a past year's credits: the regular review
    _require_open(window, today=today, year=credit_year)
    if not listed:
        raise CreditRefused("submission.early_review_not_eligible",
                            f"{credit_year}年度学分提前审核仅限单位申请中列出的今年报考副高职称的人员，"
                            "其余人员一律不予提前审核", year=credit_year)


def _require_offered(rules: RuleSet) -> None:
    if not rules.early_review:
        raise CreditRefused("early_review.not_offered", f"{rules.name}不开展学分提前审核", jurisdiction=rules.id)


def _require_open(window: Window | None, *, today: date, year: int) -> None:
    if window is None or today < window.opens_on:
        opens = f"，将于{window.opens_on:%Y年%m月%d日}开始" if window else ""
        raise CreditRefused("early_review.not_open", f"{year}年度学分提前审核尚未开放{opens}", year=year)
    if today > window.closes_on:
        raise CreditRefused(
            "early_review.closed",
            f"{year}年度学分提前审核录入及审核已于{window.closes_on:%Y年%m月%d日}截止",
            deadline=window.closes_on.isoformat(),
        )
