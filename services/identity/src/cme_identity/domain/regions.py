"""Where a unit can be (省、地市、区县), from the jurisdiction registry.

A unit registers into a city of a province, and into a district where the city lists them;
its rule set (the `jurisdiction` its accounts carry) is the most specific jurisdiction with
rules of its own for that place: a hospital in 成都市锦江区 belongs to `jinjiang`, one in
绵阳市 to `sichuan`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_contracts.jurisdictions import registry
from cme_platform.errors import DomainError


@dataclass(frozen=True)
class Province:
    """A province whose rules the platform runs, with its cities and their districts."""

    id: str
    name: str
    cities: dict[str, str]
    districts: dict[str, dict[str, str]]  # city code → district code → name


def provinces() -> dict[str, Province]:
    """Every province known to the platform, by id."""
    known = registry()
    found = {}
    for node in (known.get(i) for i in known.ids()):
        if node.level == "province":
            cities = (known.get(known.resolve(node.id, code)) for code in node.regions)
            districts = {city.code: dict(city.regions) for city in cities if city.level == "city"}
            found[node.id] = Province(node.id, node.name, dict(node.regions), districts)
    return found


def place(province: str, city_id: str | None, district_id: str | None = None) -> str:
    """The rule set of a place, after checking the city lies in the province and the district in the city."""
    if not province:
        raise DomainError("region.required", "请选择单位所在地（省、市）")
    known = provinces().get(province)
    if known is None:
        raise DomainError("region.unknown_jurisdiction", "不支持的省份", jurisdiction=province,
                          known=sorted(provinces()))
    if city_id is not None and city_id not in known.cities:
        raise DomainError("region.unknown_city", f"{known.name}没有这个地市", city_id=city_id)
    if district_id and district_id not in known.districts.get(city_id or "", {}):
        raise DomainError("region.unknown_district", f"{known.cities.get(city_id or '', known.name)}没有这个区县",
                          district_id=district_id)
    return registry().resolve(province, city_id, district_id)
