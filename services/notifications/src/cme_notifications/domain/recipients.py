"""Who a message is for, addressed the way tokens identify people.

Events name people in different ways: an account id (the owner of a hold application), an ID
number (a learner's credits), a unit (its administrator), a jurisdiction (its provincial
office) or a city (its office). A message keeps the address it was written to, and a signed-in
person reads every message addressed to any of the addresses their token carries, so nobody
has to be looked up when the event arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cme_contracts.jurisdictions import registry
from cme_platform.auth import Principal, Role


class AddressKind(StrEnum):
    """The kinds of address a message can have."""

    ACCOUNT = "account"  # one account (立项用户, a newly registered person)
    LEARNER = "learner"  # a health professional, by ID number
    UNIT = "unit"  # the unit's administrators (单位科教科)
    CITY = "city"  # the city office (地市继教主管部门)
    OFFICE = "office"  # the provincial office of a jurisdiction (省继教办)


@dataclass(frozen=True)
class Recipient:
    """One address; `key` is the account id, ID number, unit id, city id or jurisdiction."""

    kind: AddressKind
    key: str

    @classmethod
    def account(cls, account_id: str) -> Recipient:
        return cls(AddressKind.ACCOUNT, account_id)

    @classmethod
    def learner(cls, id_number: str) -> Recipient:
        # ID numbers are compared in their canonical form (the check character may be a lower-case x).
        return cls(AddressKind.LEARNER, id_number.strip().upper())

    @classmethod
    def unit(cls, unit_id: str) -> Recipient:
        return cls(AddressKind.UNIT, unit_id)

    @classmethod
    def office(cls, jurisdiction: str) -> Recipient:
        # The provincial office (省继教办) of a jurisdiction: Sichuan's reads what happens in 锦江区.
        return cls(AddressKind.OFFICE, registry().province_of(jurisdiction).id)


def addresses_of(principal: Principal) -> list[Recipient]:
    """Every address whose messages this signed-in person may read."""
    found = [Recipient.account(principal.account_id)]
    if principal.role is Role.LEARNER and principal.id_number:
        found.append(Recipient.learner(principal.id_number))
    if principal.role is Role.UNIT_ADMIN and principal.unit_id:
        found.append(Recipient.unit(principal.unit_id))
    if principal.role is Role.CITY_OFFICE and principal.city_id:
        found.append(Recipient(AddressKind.CITY, principal.city_id))
    if principal.role is Role.PROVINCIAL_OFFICE and principal.jurisdiction:
        found.append(Recipient.office(principal.jurisdiction))
    return found
