"""Hold-application rules per jurisdiction (各省规则): the `[projects]` table of the registry.

What differs between provinces is data in `cme_contracts/jurisdictions/`; a district or city
without a table of its own follows its province.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo

from cme_contracts.jurisdictions import RuleSection, check_every, section

ATTACHMENT_NAMES = {"meeting_notice": "会议通知（带红章）", "schedule": "会议日程"}


class RuleSet(RuleSection):
    """The hold-application rules of one jurisdiction."""

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
    """The rule set of a jurisdiction; UnknownJurisdiction when the registry has none."""
    return section(jurisdiction, "projects", RuleSet)


def check_rule_files() -> None:
    """Validate every jurisdiction's hold-application rules (at start-up)."""
    check_every("projects", RuleSet)
