"""Hold-application rules come from the jurisdiction registry."""

import pytest

from cme_contracts.jurisdictions import registry
from cme_platform.errors import DomainError
from cme_projects.domain.rules import rule_set


def test_each_province_of_the_seeds_has_a_rule_set():
    assert {"jiangsu", "sichuan", "zhejiang"} <= set(registry().ids())


def test_sichuan_requires_two_weeks_and_no_unit_confirmation_while_jiangsu_confirms():
    assert (rule_set("sichuan").min_lead_days, rule_set("sichuan").unit_confirmation) == (14, False)
    assert rule_set("jiangsu").unit_confirmation is True
    assert rule_set("jiangsu").max_attachment_bytes == 50 * 1024 * 1024


@pytest.mark.parametrize("unknown", ["atlantis", "../jiangsu", ""])
def test_an_unknown_jurisdiction_is_refused(unknown):
    with pytest.raises(DomainError) as refused:
        rule_set(unknown)
    assert refused.value.code == "jurisdiction.unknown"
