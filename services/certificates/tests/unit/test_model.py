"""Certificate numbers, masking, labels and the per-jurisdiction rule sets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cme_certificates.domain.model import certificate_number, chinese_date, is_stale_approval
from cme_certificates.domain.rules import rules_for
from cme_certificates.domain.verification import Verdict, judge
from cme_contracts.jurisdictions import UnknownJurisdiction
from cme_platform.credentials.status_list import encode_status_list, is_set


def test_a_certificate_number_joins_prefix_year_and_twelve_random_characters():
    numbers = {certificate_number("SC", 2026) for _ in range(100)}
    assert len(numbers) == 100
    assert all(n.startswith("SC2026") and len(n) == 18 and not set(n[6:]) & set("ILOU") for n in numbers)


def test_each_jurisdiction_has_its_own_title_and_prefix_and_a_city_keeps_its_provinces_title():
    assert rules_for("sichuan").title == "四川省继续医学教育电子学分证书"
    assert rules_for("jiangsu").number_prefix == "JS"
    assert (rules_for("jinjiang").title, rules_for("jinjiang").number_prefix) == (
        "四川省继续医学教育电子学分证书",
        "SCCD",
    )


def test_an_unknown_jurisdiction_is_refused_by_name():
    with pytest.raises(UnknownJurisdiction) as refused:
        rules_for("hainan")
    assert refused.value.code == "jurisdiction.unknown" and "hainan" in refused.value.message


def test_an_approval_not_after_the_revocation_is_a_replay():
    revoked = datetime(2026, 5, 1, tzinfo=UTC)
    assert is_stale_approval(revoked, revoked - timedelta(days=1))
    assert not is_stale_approval(revoked, revoked + timedelta(days=1))
    assert not is_stale_approval(None, revoked)


def test_the_status_list_sets_exactly_the_revoked_bits():
    encoded = encode_status_list([0, 9, 131_071])
    assert encoded.startswith("u")
    assert [is_set(encoded, i) for i in (0, 1, 8, 9, 131_071)] == [True, False, False, True, True]


def test_a_revoked_certificate_is_judged_revoked_with_its_date(make_certificate):
    from cme_certificates.domain.model import CertificateState

    certificate = make_certificate(state=CertificateState.REVOKED, revoked_at=datetime(2026, 6, 1, tzinfo=UTC),
                                   revoke_reason="学分更正")
    result = judge(certificate)
    assert result.verdict == Verdict.REVOKED
    assert chinese_date(certificate.revoked_at) in result.message and "学分更正" in result.message


def test_a_pending_or_unknown_certificate_is_not_found_and_a_bad_signature_is_tampered(make_certificate):
    assert judge(None).verdict == Verdict.NOT_FOUND
    assert judge(make_certificate()).verdict == Verdict.NOT_FOUND
    assert judge(make_certificate(), signature_valid=False).verdict == Verdict.TAMPERED


def test_the_api_and_page_show_the_beijing_dates_of_issue_and_revocation(make_certificate):
    from cme_certificates.domain.credential import Urls
    from cme_certificates.entrypoints.views import certificate_view

    certificate = make_certificate(issued_at=datetime(2026, 12, 1, 19, 25, tzinfo=UTC),  # 03:25 on 2 Dec, Beijing
                                   revoked_at=datetime(2026, 12, 31, 16, 5, tzinfo=UTC))  # 00:05 on 1 Jan
    view = certificate_view(certificate, Urls("https://cme.example.cn"))
    assert (view["issued_on"], view["revoked_on"]) == ("2026年12月2日", "2027年1月1日")


@pytest.mark.parametrize("jurisdiction, label", [("jinjiang", "区级"), ("chengdu", "市级")])
def test_a_district_or_city_credit_is_labelled_by_the_jurisdiction_that_granted_it(make_certificate, jurisdiction,
                                                                                   label):
    certificate = make_certificate(level="district", credit_class="II", jurisdiction=jurisdiction)
    assert certificate.level_label == label
    assert make_certificate().level_label == "国家级"
