"""Rule files per jurisdiction, early review windows, and identity numbers."""

from datetime import date

import pytest

from cme_credits.domain.early_review import check_submission
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.identity import is_valid_id_number, mask, normalize_number, with_check_digit
from cme_contracts.jurisdictions import UnknownJurisdiction, registry
from cme_credits.domain.rules import load_rule_set

CHENGDU = load_rule_set("jinjiang")


@pytest.mark.parametrize("jurisdiction", registry().ids())
def test_every_jurisdiction_has_credit_rules_with_a_review_chain_ending_at_the_province(jurisdiction):
    rules = load_rule_set(jurisdiction)
    assert rules.id == jurisdiction
    assert rules.review_chain[-1] == "province" and rules.issuing_office


def test_an_unknown_jurisdiction_is_refused_by_name():
    with pytest.raises(UnknownJurisdiction) as refused:
        load_rule_set("atlantis")
    assert refused.value.code == "jurisdiction.unknown" and "atlantis" in refused.value.message


def test_early_review_admits_senior_title_applicants_before_the_deadline():
    check_submission(CHENGDU, credit_year=2020, today=date(2020, 10, 1), senior_title_applicant=True)


def test_early_review_refuses_everyone_else_with_the_reason():
    with pytest.raises(CreditRefused) as refused:
        check_submission(CHENGDU, credit_year=2020, today=date(2020, 10, 1), senior_title_applicant=False)
    assert refused.value.code == "submission.early_review_not_eligible"
    assert "副高" in refused.value.message


def test_early_review_closes_at_its_deadline():
    with pytest.raises(CreditRefused) as refused:
        check_submission(CHENGDU, credit_year=2020, today=date(2020, 10, 15), senior_title_applicant=True)
    assert refused.value.code == "submission.early_review_closed"


def test_last_years_credits_are_reviewed_as_usual():
    check_submission(CHENGDU, credit_year=2019, today=date(2020, 10, 1), senior_title_applicant=False)


def test_jurisdictions_without_early_review_take_this_years_credits():
    check_submission(load_rule_set("zhejiang"), credit_year=2020, today=date(2020, 11, 1), senior_title_applicant=False)


def test_id_numbers_are_checked_by_their_check_digit_and_shown_masked():
    number = with_check_digit("11010519491231002")
    assert number == "11010519491231002X" and is_valid_id_number(number)
    assert not is_valid_id_number("110105194912310021")
    assert mask(number) == "1101**********002X"


def test_project_numbers_written_two_ways_have_one_lookup_form():
    assert normalize_number("2021-14-05-929 (国)") == normalize_number("2021－14－05－929（国）")
