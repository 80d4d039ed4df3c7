"""Dates and credits as published lists write them."""

from datetime import date

import pytest

from cme_contracts.events import CreditClass, ProjectLevel
from cme_projects.domain.listing import UnreadableListing, parse_credit_award, parse_dates


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2021年3月27日-3月28日", date(2021, 3, 27), date(2021, 3, 28)),
    ("2021年5月28日-30日", date(2021, 5, 28), date(2021, 5, 30)),
    ("2021年12月30日-2022年1月2日", date(2021, 12, 30), date(2022, 1, 2)),
    ("2021-03-27至2021-03-28", date(2021, 3, 27), date(2021, 3, 28)),
    ("2021年6月4日", date(2021, 6, 4), date(2021, 6, 4)),
    ("2021/6/4", date(2021, 6, 4), date(2021, 6, 4)),
])
def test_dates_are_read_with_the_end_inheriting_the_start_year_and_month(text, start, end):
    assert parse_dates(text) == (start, end)


@pytest.mark.parametrize("text", ["3月27日-3月28日", "2021年13月1日", "2021年3月28日-3月27日", "三月", ""])
def test_unreadable_or_reversed_dates_are_refused(text):
    with pytest.raises(UnreadableListing) as refused:
        parse_dates(text)
    assert refused.value.code in {"listing.bad_dates", "listing.dates_reversed"}


@pytest.mark.parametrize(("text", "credits", "credit_class", "level"), [
    ("国家级I类4分", 4, CreditClass.I, ProjectLevel.NATIONAL),
    ("省级I类2分", 2, CreditClass.I, ProjectLevel.PROVINCIAL),
    ("省级Ⅱ类1.5分", 1.5, CreditClass.II, ProjectLevel.PROVINCIAL),
    ("I类 6", 6, CreditClass.I, None),
])
def test_credits_give_amount_class_and_stated_level(text, credits, credit_class, level):
    award = parse_credit_award(text)
    assert (award.credits, award.credit_class, award.level) == (credits, credit_class, level)


@pytest.mark.parametrize("text", ["4分", "国家级", "III类2分", "国家级I类"])
def test_unreadable_credits_are_refused(text):
    with pytest.raises(UnreadableListing):
        parse_credit_award(text)
