"""Rule sets per jurisdiction (各省规则): what differs between provinces, read from data.

Each province is one TOML file in `cme_projects/rules/`; a new province is a new file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from cme_platform.errors import DomainError

ATTACHMENT_NAMES = {"meeting_notice": "会议通知（带红章）", "schedule": "会议日程"}


@dataclass(frozen=True)
class RuleSet:
    """The hold-application rules of one jurisdiction."""

    id: str
    name: str
    timezone: str
    min_lead_days: int  # the application is due this many days before the start
    unit_confirmation: bool  # the owner's unit admin confirms before the office reviews
    required_attachments: tuple[str, ...]
    max_attachment_bytes: int
    qr_refresh_seconds: int
    check_in_opens_before_minutes: int
    check_out_closes_after_minutes: int

    @property
    def zone(self) -> ZoneInfo:
        """The local time zone the schedule's clock times are read in."""
        return ZoneInfo(self.timezone)


@cache
def rule_set(jurisdiction: str) -> RuleSet:
    """The rule set of a jurisdiction; refuses one that has no rule-set file."""
    source = resources.files("cme_projects.rules").joinpath(f"{jurisdiction}.toml")
    if not jurisdiction.isidentifier() or not source.is_file():
        raise DomainError("jurisdiction.unknown", f"未知的管辖地区“{jurisdiction}”，没有对应的规则集",
                          jurisdiction=jurisdiction, known=known_jurisdictions())
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    data["required_attachments"] = tuple(data["required_attachments"])
    return RuleSet(**data)


def known_jurisdictions() -> list[str]:
    """Ids of every jurisdiction with a rule set."""
    folder = resources.files("cme_projects.rules")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
