"""Reminder rules per jurisdiction (提醒规则): the `[notifications]` table of the registry.

When an execution report is due and on which days before it the unit is reminded, how long a
hold application may wait for the office, and when learners are warned about their
compliance are data in `cme_contracts/jurisdictions/`; the figures they are warned against
are the jurisdiction's own credit requirements (`[credits.requirements]`), read from the same
place so that the warning and the compliance check cannot disagree.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from cme_contracts.jurisdictions import RuleSection, check_every, registry, section


class _Requirements(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    annual_total: float
    class_i_min: float
    class_ii_min: float


class _CreditFigures(RuleSection):
    model_config = ConfigDict(extra="ignore", frozen=True)

    requirements: _Requirements


class ReminderSchedule(RuleSection):
    """The schema of a jurisdiction's `[notifications]` table (with what it inherits)."""

    report_due_days: int  # 执行情况 due this many days after the session's last day
    report_reminder_days: tuple[int, ...]  # days before the due date to remind (0 = the due day)
    hold_wait_limit_days: int  # a hold application may wait this long for the office
    hold_wait_repeat_days: int  # then the office is reminded again every so many days
    compliance_warning_months: tuple[int, ...]  # months in which short learners are warned
    compliance_warning_day: int  # on this day of each of those months


class ReminderRules(ReminderSchedule):
    """One jurisdiction's reminder schedule and the compliance figures learners are warned against."""

    annual_total: float
    class_i_min: float
    class_ii_min: float

    @property
    def jurisdiction(self) -> str:
        """The jurisdiction these rules are of."""
        return self.id


@cache
def rules_for(jurisdiction: str | None) -> ReminderRules:
    """The reminder rules of a jurisdiction; UnknownJurisdiction when the registry has none."""
    figures = section(str(jurisdiction), "credits", _CreditFigures).requirements
    schedule = section(str(jurisdiction), "notifications", ReminderSchedule)
    return ReminderRules(**schedule.model_dump(), **figures.model_dump())


@cache
def every_rule_set() -> tuple[ReminderRules, ...]:
    """The reminder rules of every jurisdiction."""
    return tuple(rules_for(jurisdiction) for jurisdiction in registry().ids())


def check_rule_files() -> None:
    """Validate every jurisdiction's reminder rules (at start-up)."""
    check_every("notifications", ReminderSchedule)
    every_rule_set()
