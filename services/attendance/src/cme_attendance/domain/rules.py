"""Rule sets per jurisdiction (规则集): one TOML file per province under `cme_attendance/rules/`.

What differs between provinces — the report deadline, what counts as completing the
required hours, the thresholds of suspicious patterns, the questionnaire — is data here;
a new province is a new file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from cme_platform.errors import DomainError


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


def _rules_dir():
    return resources.files("cme_attendance") / "rules"


@cache
def rule_set(jurisdiction: str) -> RuleSet:
    """The rule set of a jurisdiction; refused with the reason when none is on file."""
    path = _rules_dir() / f"{jurisdiction}.toml"
    if not jurisdiction.isidentifier() or not path.is_file():
        raise DomainError("rules.unknown_jurisdiction", f"没有“{jurisdiction}”的考勤规则集", jurisdiction=jurisdiction)
    data = tomllib.loads(path.read_text("utf-8"))
    questionnaire = tomllib.loads((_rules_dir() / "questionnaires" / f"{data['questionnaire']}.toml").read_text("utf-8"))
    return RuleSet(
        id=data["id"], name=data["name"], timezone=ZoneInfo(data["timezone"]),
        report_deadline_days=data["execution_report"]["deadline_days_after_end"],
        required_fraction=data["completion"]["required_fraction"],
        suspicion=SuspicionRules(**data["suspicion"]),
        questionnaire_title=questionnaire["title"],
        questions=tuple(Question(**{**q, "options": tuple(q["options"])}) for q in questionnaire["questions"]),
    )
