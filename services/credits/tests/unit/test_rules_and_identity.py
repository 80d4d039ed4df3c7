"""Rule files per jurisdiction and identity numbers."""

import pytest
from pydantic import ValidationError

from cme_contracts.jurisdictions import UnknownJurisdiction, registry
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.identity import is_valid_id_number, mask, normalize_number, with_check_digit
from cme_credits.domain.rules import CreditRulesFile, load_rule_set


def load_rule_file_values(jurisdiction: str) -> dict:
    """A jurisdiction's [credits] table with what it inherits, as the schema reads it."""
    node = registry().get(jurisdiction)
    return {"id": node.id, "name": node.name, "timezone": node.timezone, **node.tables["credits"]}


@pytest.mark.parametrize("jurisdiction", registry().ids())
def test_every_jurisdiction_has_credit_rules_with_a_review_chain_ending_at_the_province(jurisdiction):
    rules = load_rule_set(jurisdiction)
    assert rules.id == jurisdiction
    assert rules.review_chain[-1] == "province" and rules.issuing_office


def test_an_unknown_jurisdiction_is_refused_by_name():
    with pytest.raises(UnknownJurisdiction) as refused:
        load_rule_set("atlantis")
    assert refused.value.code == "jurisdiction.unknown" and "atlantis" in refused.value.message


def test_a_platform_named_in_integrated_platforms_must_be_a_known_remote_platform():
    with pytest.raises(ValidationError) as refused:
        CreditRulesFile.model_validate({**load_rule_file_values("zhejiang"), "integrated_platforms": ["nobody"]})
    assert "nobody" in str(refused.value)


def test_id_numbers_are_checked_by_their_check_digit_and_shown_masked():
    number = with_check_digit("11010519491231002")
    assert number == "11010519491231002X" and is_valid_id_number(number)
    assert not is_valid_id_number("110105194912310021")
    assert mask(number) == "1101**********002X"


def test_project_numbers_written_two_ways_have_one_lookup_form():
    assert normalize_number("2021-14-05-929 (国)") == normalize_number("2021－14－05－929（国）")


def test_a_category_the_jurisdiction_does_not_take_is_refused_by_its_chinese_name_with_what_it_takes():
    with pytest.raises(CreditRefused) as refused:
        load_rule_set("zhejiang").category("district_ii")
    assert refused.value.message == "浙江省不受理“区医学会Ⅱ类学分”的录入；可录入的类别：赴外省学习学分"
    assert refused.value.code == "self_entry.category_not_allowed"
