"""Jurisdictions and cities a unit can belong to (省、地市), read from rules/regions.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cme_platform.errors import DomainError


@dataclass(frozen=True)
class Jurisdiction:
    """A province whose rule set the platform runs (规则集), with its cities."""

    id: str
    name: str
    cities: dict[str, str]


@cache
def jurisdictions() -> dict[str, Jurisdiction]:
    """Every jurisdiction known to the platform, by id."""
    data = tomllib.loads(resources.files("cme_identity.rules").joinpath("regions.toml").read_text("utf-8"))
    return {key: Jurisdiction(key, value["name"], dict(value["cities"])) for key, value in data.items()}


def check_region(jurisdiction: str, city_id: str | None) -> None:
    """Refuse a jurisdiction the platform does not run, or a city outside it."""
    known = jurisdictions().get(jurisdiction)
    if known is None:
        raise DomainError("region.unknown_jurisdiction", "不支持的省份", jurisdiction=jurisdiction,
                          known=sorted(jurisdictions()))
    if city_id is not None and city_id not in known.cities:
        raise DomainError("region.unknown_city", f"{known.name}没有这个地市", city_id=city_id)
