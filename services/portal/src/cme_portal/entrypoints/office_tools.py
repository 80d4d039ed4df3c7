"""What the office tools on a desk offer: the places an office opens accounts for, and where it sets
the early-review window (jurisdictions whose rules offer 提前审核)."""

from __future__ import annotations

from dataclasses import dataclass

from cme_contracts.jurisdictions import registry
from cme_platform.access import overseen_jurisdictions
from cme_platform.auth import Principal, Role
from cme_portal.adapters.clients import Region


@dataclass(frozen=True)
class Choice:
    """One choice of a select: the value the page sends (`jurisdiction` or `jurisdiction:city`) and its label."""

    value: str
    label: str


def office_places(me: Principal, regions: list[Region]) -> list[Choice]:
    """A provincial office's province, each of its cities and each district with a review level of its own
    (`regions` as identity lists them)."""
    province = next((r for r in regions if r.id == me.jurisdiction), None)
    if me.role is not Role.PROVINCIAL_OFFICE or province is None:
        return []
    places = [Choice(province.id, f"{province.name}（全省）")]
    places += [Choice(f"{province.id}:{code}", f"{province.name} {name}") for code, name in province.cities.items()]
    places += [Choice(node.id, node.name) for node in map(registry().get, registry().members(me.jurisdiction))
               if node.level == "district"]
    return places


def early_review_places(me: Principal) -> list[Choice]:
    """The jurisdictions an office oversees whose rules offer early review (Jinjiang's district office, Sichuan's)."""
    if me.role not in (Role.PROVINCIAL_OFFICE, Role.DISTRICT_OFFICE):
        return []
    nodes = map(registry().get, overseen_jurisdictions(me))
    return [Choice(n.id, n.name) for n in nodes if n.tables.get("credits", {}).get("early_review")]
