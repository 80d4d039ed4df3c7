"""Early review (提前审核, Chengdu 2020): this year's credits reviewed before the year ends.

Only people applying for a senior title this year may have this year's credits reviewed
early, and only up to the deadline; everyone else waits for the regular review after the year.
"""

from __future__ import annotations

from datetime import date

from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.rules import RuleSet


def check_submission(rules: RuleSet, *, credit_year: int, today: date, senior_title_applicant: bool) -> None:
    """Refuse a submission the jurisdiction's early-review window does not admit."""
    if rules.early_review_deadline is None or credit_year < today.year:
        return  # a past year's credits: the regular review
    month, day = (int(part) for part in rules.early_review_deadline.split("-"))
    deadline = date(today.year, month, day)
    if not senior_title_applicant:
        raise CreditRefused("submission.early_review_not_eligible",
                            f"{credit_year}年度学分提前审核仅限今年报考副高职称的人员，其余人员一律不予提前审核",
                            year=credit_year)
    if today > deadline:
        raise CreditRefused("submission.early_review_closed",
                            f"提前审核录入及审核已于{deadline:%Y年%m月%d日}截止", deadline=deadline.isoformat())
