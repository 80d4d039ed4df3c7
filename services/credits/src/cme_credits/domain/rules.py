"""Rule sets per jurisdiction (学分规则), read from `cme_credits/rules/<id>.yaml`.

What differs between provinces lives in those files; a new province is a new file. The
national arithmetic (2006 regulation) is `rules/national.yaml`, shared by every rule set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from cme_credits.domain.errors import CreditRefused
from cme_platform.errors import NotFound

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class NationalRules:
    """The national credit arithmetic (全国继续医学教育学分授予办法)."""

    hours_per_credit: dict[str, float]
    speaker_credits_per_hour: dict[str, float]
    max_credits_per_project: float
    national_societies: tuple[str, ...]


@dataclass(frozen=True)
class Requirements:
    """Yearly requirement (年度学分达标要求) for one staff level."""

    annual_total: float
    class_i_min: float
    class_ii_min: float
    national_window_years: int = 5
    national_window_credits: float = 10
    national_window_staff_levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """One self-entry category (录入类别) and what it demands."""

    name: str
    credit_class: str | None = None
    level: str | None = None
    allowed_levels: tuple[str, ...] = ()
    hours_per_credit: float | None = None
    requires_project_on_record: bool = False
    once_per_year: bool = False
    year_from_certificate: bool = False
    evidence_count: int = 1
    evidence_types: tuple[str, ...] = ("application/pdf",)


@dataclass(frozen=True)
class RuleSet:
    """Everything one jurisdiction decides for itself."""

    id: str
    name: str
    issuing_office: str
    review_chain: tuple[str, ...]
    session_review_chain: tuple[str, ...]
    partial_credit: bool
    tcm_handled: bool
    integrated_platforms: tuple[str, ...]
    categories: dict[str, Category]
    requirements: Requirements
    requirements_by_staff_level: dict[str, Requirements] = field(default_factory=dict)
    early_review_deadline: str | None = None  # "MM-DD" of the year under review
    early_review_eligible: str | None = None
    national: NationalRules | None = None

    def chain_for(self, source: str) -> tuple[str, ...]:
        """The review levels (审核层级) a credit of this source passes, in order."""
        if source == "remote_education":
            return ()  # 远程教育: the institution's upload grants the credit (seed 004)
        return self.session_review_chain if source == "session" else self.review_chain

    def requirements_for(self, staff_level: str | None) -> Requirements:
        """The yearly requirement for a staff level (provinces may differ by level)."""
        return self.requirements_by_staff_level.get(staff_level or "", self.requirements)

    def category(self, name: str) -> Category:
        """The entry category, or a refusal naming the categories this jurisdiction takes."""
        if name not in self.categories:
            raise CreditRefused("self_entry.category_not_allowed", f"{self.name}不受理此类学分录入：{name}",
                                category=name, allowed=sorted(self.categories))
        return self.categories[name]


def _requirements(data: dict, base: Requirements | None = None) -> Requirements:
    window = data.get("national_window") or {}
    return Requirements(
        annual_total=data.get("annual_total", base.annual_total if base else 25),
        class_i_min=data.get("class_i_min", base.class_i_min if base else 5),
        class_ii_min=data.get("class_ii_min", base.class_ii_min if base else 15),
        national_window_years=window.get("years", base.national_window_years if base else 5),
        national_window_credits=window.get("credits", base.national_window_credits if base else 10),
        national_window_staff_levels=tuple(
            window.get("staff_levels", base.national_window_staff_levels if base else ())),
    )


def _category(name: str, data: dict) -> Category:
    evidence = data.get("evidence") or {}
    return Category(
        name=name, credit_class=data.get("credit_class"), level=data.get("level"),
        allowed_levels=tuple(data.get("allowed_levels", ())), hours_per_credit=data.get("hours_per_credit"),
        requires_project_on_record=data.get("requires_project_on_record", False),
        once_per_year=data.get("once_per_year", False), year_from_certificate=data.get("year_from_certificate", False),
        evidence_count=evidence.get("count", 1),
        evidence_types=tuple(evidence.get("content_types", ("application/pdf",))),
    )


@cache
def national_rules() -> NationalRules:
    """The shared national arithmetic."""
    data = yaml.safe_load((RULES_DIR / "national.yaml").read_text(encoding="utf-8"))
    return NationalRules(
        hours_per_credit=data["hours_per_credit"], speaker_credits_per_hour=data["speaker_credits_per_hour"],
        max_credits_per_project=data["max_credits_per_project"], national_societies=tuple(data["national_societies"]),
    )


def parse_rule_set(data: dict) -> RuleSet:
    """Build a rule set from the mapping of one rule file."""
    base = _requirements(data.get("requirements") or {})
    by_level = {level: _requirements(values, base)
                for level, values in (data.get("requirements") or {}).get("by_staff_level", {}).items()}
    early = data.get("early_review") or {}
    return RuleSet(
        id=data["id"], name=data["name"], issuing_office=data["issuing_office"],
        review_chain=tuple(data["review_chain"]),
        session_review_chain=tuple(data.get("session_review_chain", data["review_chain"])),
        partial_credit=data.get("partial_credit", False), tcm_handled=data.get("tcm_handled", True),
        integrated_platforms=tuple(data.get("integrated_platforms", ())),
        categories={name: _category(name, values) for name, values in (data.get("categories") or {}).items()},
        requirements=base, requirements_by_staff_level=by_level,
        early_review_deadline=early.get("deadline"), early_review_eligible=early.get("eligible"),
        national=national_rules(),
    )


@cache
def load_rule_set(jurisdiction: str) -> RuleSet:
    """The rule set of a jurisdiction; NotFound when no rule file exists for it."""
    path = RULES_DIR / f"{jurisdiction}.yaml"
    if not jurisdiction.isidentifier() or jurisdiction == "national" or not path.is_file():
        raise NotFound("rules.unknown_jurisdiction", f"没有该地区的学分规则：{jurisdiction}", jurisdiction=jurisdiction)
    return parse_rule_set(yaml.safe_load(path.read_text(encoding="utf-8")))
