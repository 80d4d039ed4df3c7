"""Early review (seed 001): the office's window and the units' lists of senior-title applicants decide."""

from datetime import date

import pytest

from cme_credits.domain.early_review import Window, check_application, check_submission, check_window
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.rules import load_rule_set

JINJIANG = load_rule_set("jinjiang")
WINDOW_2020 = Window(2020, opens_on=date(2020, 9, 24), closes_on=date(2020, 10, 14))


def refusal(check, *args, **kwargs) -> CreditRefused:
    with pytest.raises(CreditRefused) as refused:
        check(*args, **kwargs)
    assert refused.value.message, "every refusal says what is wrong"
    return refused.value


def submit(today: date, *, listed: bool, window: Window | None = WINDOW_2020, year: int = 2020, rules=JINJIANG):
    check_submission(rules, credit_year=year, today=today, window=window, listed=listed)


class TestTheJurisdictionsRule:
    def test_jinjiang_offers_early_review_and_zhejiang_does_not(self):
        assert JINJIANG.early_review and not load_rule_set("zhejiang").early_review

    def test_a_window_in_a_jurisdiction_without_early_review_is_refused(self):
        assert refusal(check_window, load_rule_set("zhejiang"), WINDOW_2020).code == "early_review.not_offered"

    def test_a_window_whose_deadline_precedes_its_opening_is_refused(self):
        reversed_window = Window(2020, opens_on=date(2020, 10, 14), closes_on=date(2020, 9, 24))
        assert refusal(check_window, JINJIANG, reversed_window).code == "early_review.window_reversed"

    def test_a_window_reaching_into_the_next_year_is_refused_because_the_regular_review_runs_then(self):
        late = Window(2020, opens_on=date(2020, 12, 1), closes_on=date(2021, 1, 10))
        assert refusal(check_window, JINJIANG, late).code == "early_review.window_outside_year"


class TestSubmittingThisYearsCredits:
    def test_a_person_the_unit_listed_is_admitted_inside_the_window(self):
        submit(date(2020, 10, 1), listed=True)

    def test_a_person_no_unit_listed_is_refused_naming_the_senior_title_rule(self):
        refused = refusal(submit, date(2020, 10, 1), listed=False)
        assert refused.code == "submission.early_review_not_eligible" and "副高" in refused.message

    def test_the_window_closes_after_its_deadline_day(self):
        submit(date(2020, 10, 14), listed=True)
        refused = refusal(submit, date(2020, 10, 15), listed=True)
        assert refused.code == "early_review.closed" and "2020年10月14日" in refused.message

    def test_before_the_window_opens_nothing_is_reviewed_early(self):
        refused = refusal(submit, date(2020, 9, 1), listed=True)
        assert refused.code == "early_review.not_open" and "2020年09月24日" in refused.message

    def test_without_a_window_set_by_the_office_nothing_is_reviewed_early(self):
        assert refusal(submit, date(2020, 10, 1), listed=True, window=None).code == "early_review.not_open"

    def test_last_years_credits_are_reviewed_as_usual(self):
        submit(date(2020, 10, 1), listed=False, window=None, year=2019)

    def test_jurisdictions_without_early_review_take_this_years_credits(self):
        submit(date(2020, 11, 1), listed=False, window=None, rules=load_rule_set("zhejiang"))


class TestTheUnitsApplication:
    def test_a_unit_applies_while_the_window_is_open(self):
        check_application(JINJIANG, WINDOW_2020, today=date(2020, 9, 30))

    def test_an_application_after_the_deadline_is_refused(self):
        assert refusal(check_application, JINJIANG, WINDOW_2020, today=date(2020, 10, 20)).code == "early_review.closed"

    def test_an_application_where_there_is_no_early_review_is_refused(self):
        refused = refusal(check_application, load_rule_set("zhejiang"), None, today=date(2020, 9, 30))
        assert refused.code == "early_review.not_offered"
