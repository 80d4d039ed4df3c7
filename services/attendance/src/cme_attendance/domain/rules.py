"""Attendance rules per jurisdiction (规则集): the `[attendance]` table of the registry.

What differs between provinces — the report deadline, what counts as completing the
required hours, the thresholds of suspicious patterns, the questionnaire — is data in
`cme_contracts/jurisdictions/`; the questionnaires a table names are in `questionnaires/`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from cme_contracts.jurisdictions import RuleSection, check_every, registry, section


@dataclass(frozen=True)
class SuspicionRules:
    """Thresholds of the patterns reviewers must see (代刷卡嫌疑)."""

    phone_max_ids: int
    phone_window_seconds: int
    device_max_ids: int
    device_window_seconds: int
    short_attendance_fraction: float


@dataclass(frozen=True)
class Question:
    """One question of the check-out questionnaire (调查问卷)."""

    id: str
    text: str
    options: tuple[str, ...]
    choose: int = 1
    reconstructed: bool = False


@dataclass(frozen=True)
class RuleSet:
    """The attendance rules of one jurisdiction."""

    id: str
    name: str
    timezone: ZoneInfo
    report_deadline_days: int
    required_fraction: float
    suspicion: SuspicionRules
    questionnaire_title: str
    questions: tuple[Question, ...]


class _Suspicion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    phone_max_ids: int
    phone_window_seconds: int
    device_max_ids: int
    device_window_seconds: int
    short_attendance_fraction: float


class AttendanceRulesFile(RuleSection):
    """The schema of a jurisdiction's `[attendance]` table (with what it inherits)."""

    questionnaire: str
    report_deadline_days: int
    required_fraction: float
    suspicion: _Suspicion


def _questionnaire(name: str) -> dict:
    source = resources.files("cme_attendance") / "questionnaires" / f"{name}.toml"
    return tomllib.loads(source.read_text("utf-8"))


@cache
def rule_set(jurisdiction: str) -> RuleSet:
    """The attendance rules of a jurisdiction; UnknownJurisdiction when the registry has none."""
    data = section(jurisdiction, "attendance", AttendanceRulesFile)
    questionnaire = _questionnaire(data.questionnaire)
    return RuleSet(
        id=data.id, name=data.name, timezone=ZoneInfo(data.timezone),
        report_deadline_days=data.report_deadline_days, required_fraction=data.required_fraction,
        suspicion=SuspicionRules(**data.suspicion.model_dump()),
        questionnaire_title=questionnaire["title"],
        questions=tuple(Question(**{**q, "options": tuple(q["options"])}) for q in questionnaire["questions"]),
    )


def check_rule_files() -> None:
    """Validate every jurisdiction's attendance rules and their questionnaires (at start-up)."""
    check_every("attendance", AttendanceRulesFile)
    for jurisdiction in registry().ids():
        rule_set(jurisdiction)
