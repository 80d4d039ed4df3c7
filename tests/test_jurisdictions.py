"""The services agree on which jurisdictions exist: every jurisdiction and every place the
registry names resolves to rules in every service that needs them, and an unknown one gets
the same answer from each."""

from __future__ import annotations

import pytest

from cme_attendance.domain.rules import rule_set as attendance_rules
from cme_certificates.domain.rules import rules_for as certificate_rules
from cme_contracts.jurisdictions import UnknownJurisdiction, registry
from cme_credits.domain.rules import load_rule_set as credit_rules
from cme_identity.domain.regions import place, provinces
from cme_notifications.domain.rules import rules_for as reminder_rules
from cme_projects.domain.rules import rule_set as project_rules

SERVICES = {"projects": project_rules, "attendance": attendance_rules, "credits": credit_rules,
            "certificates": certificate_rules, "notifications": reminder_rules}


def _places() -> list[tuple[str, str | None, str | None]]:
    found = []
    for province in provinces().values():
        found.append((province.id, None, None))
        for city in province.cities:
            found.append((province.id, city, None))
            found.extend((province.id, city, district) for district in province.districts.get(city, {}))
    return found


def test_the_four_seed_jurisdictions_are_in_the_registry():
    assert {"jiangsu", "sichuan", "zhejiang", "chengdu", "jinjiang"} <= set(registry().ids())


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("jurisdiction", registry().ids())
def test_every_jurisdiction_has_rules_in_every_service(service, jurisdiction):
    assert SERVICES[service](jurisdiction).id == jurisdiction


@pytest.mark.parametrize(("province", "city", "district"), _places())
def test_every_place_a_unit_can_register_resolves_to_rules_of_every_service(province, city, district):
    jurisdiction = place(province, city, district)
    assert registry().province_of(jurisdiction).id == province
    for rules in SERVICES.values():
        assert rules(jurisdiction).id == jurisdiction


def test_jinjiang_is_found_from_its_place_and_chengdus_other_districts_follow_the_city():
    assert place("sichuan", "510100", "510104") == "jinjiang"
    assert place("sichuan", "510100", "510105") == "chengdu"
    assert place("sichuan", "510700") == "sichuan"


@pytest.mark.parametrize("service", SERVICES)
def test_an_unknown_jurisdiction_gets_one_answer_everywhere(service):
    with pytest.raises(UnknownJurisdiction) as refused:
        SERVICES[service]("atlantis")
    assert refused.value.code == "jurisdiction.unknown" and "atlantis" in refused.value.message
