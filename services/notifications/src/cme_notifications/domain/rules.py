"""Reminder rules per jurisdiction (提醒规则), read from one TOML file per jurisdiction.

When an execution report is due and on which days before it the unit is reminded, how long a
hold application may wait for the office, and when and against which figures learners are
warned about their compliance: data in `cme_notifications/rules/<jurisdiction>.toml`.
A jurisdiction without its own file uses `national.toml`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

DEFAULT = "national"


@dataclass(frozen=True)
class ReminderRules:
    """One jurisdiction's reminder schedule and compliance figures."""

    jurisdiction: str
    report_due_days: int  # 执行情况 due this many days after the session's last day
    report_reminder_days: tuple[int, ...]  # days before the due date to remind (0 = the due day)
    hold_wait_limit_days: int  # a hold application may wait this long for the office
    hold_wait_repeat_days: int  # then the office is reminded again every so many days
    compliance_warning_months: tuple[int, ...]  # months in which short learners are warned
    compliance_warning_day: int  # on this day of each of those months
    annual_total: float
    class_i_min: float
    class_ii_min: float


@cache
def rules_for(jurisdiction: str | None) -> ReminderRules:
    """The rule set of a jurisdiction, or the national one when it has no file."""
    folder = files("cme_notifications") / "rules"
    source = folder / f"{jurisdiction}.toml"
    if not jurisdiction or not source.is_file():
        source = folder / f"{DEFAULT}.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    for name in ("report_reminder_days", "compliance_warning_months"):
        data[name] = tuple(data[name])
    return ReminderRules(**data)


@cache
def every_rule_set() -> tuple[ReminderRules, ...]:
    """All rule sets there are files for."""
    folder = files("cme_notifications") / "rules"
    return tuple(rules_for(item.name.removesuffix(".toml")) for item in folder.iterdir()
                 if item.name.endswith(".toml"))
