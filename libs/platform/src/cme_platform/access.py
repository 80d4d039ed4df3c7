"""Whose records an account oversees (管理范围): one policy for every service.

A learner sees their own, a unit admin their unit's, a district office its district's
(锦江区医学会: every unit whose rule set is `jinjiang`), a city office its city's within its
province, and a provincial office and the regulators their province's, down to its
districts. Jurisdictions nest (`cme_contracts.jurisdictions`), so the Sichuan office oversees
a unit in 成都市锦江区 though that unit's rule set is Jinjiang's.
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_contracts.jurisdictions import registry
from cme_platform.auth import Principal, Role

# Offices whose scope is a jurisdiction and everything inside it.
JURISDICTION_WIDE = frozenset({Role.DISTRICT_OFFICE, Role.PROVINCIAL_OFFICE, Role.REGULATOR})


@dataclass(frozen=True)
class Place:
    """Where a record belongs: what the scope rules compare."""

    jurisdiction: str | None
    city_id: str | None = None
    unit_id: str | None = None
    id_number: str | None = None


def overseen_jurisdictions(principal: Principal) -> list[str]:
    """Every jurisdiction whose records this account's office may see (empty for the others)."""
    if principal.role is Role.DISTRICT_OFFICE and not _is_district(principal.jurisdiction):
        return []  # a district office's scope is a district, never a whole province
    if principal.role in JURISDICTION_WIDE or principal.role is Role.CITY_OFFICE:
        return registry().members(principal.jurisdiction)
    return []


def _is_district(jurisdiction: str | None) -> bool:
    return jurisdiction in registry().ids() and registry().get(jurisdiction).level == "district"


def oversees(principal: Principal, place: Place) -> bool:
    """True when the principal's scope covers a record at this place."""
    role = principal.role
    if role is Role.LEARNER:
        return bool(place.id_number) and place.id_number == principal.id_number
    if role in (Role.UNIT_ADMIN, Role.PROJECT_OWNER, Role.DEVICE):
        return bool(place.unit_id) and place.unit_id == principal.unit_id
    within = place.jurisdiction in overseen_jurisdictions(principal)
    if role is Role.CITY_OFFICE:
        # Only its own city: a record whose city is unknown is the province's, never every city's.
        return within and bool(place.city_id) and place.city_id == principal.city_id
    return within and role in JURISDICTION_WIDE
