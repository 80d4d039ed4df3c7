"""Credit rules per jurisdiction (学分规则): the `[credits]` table of the jurisdiction registry.

What differs between provinces, cities and districts lives in `cme_contracts/jurisdictions/`;
a district states only what it adds to its province's rules (Jinjiang: its class II credits,
its medical association as a review level, that it offers early review). The national arithmetic (2006
regulation) is the registry's root, `national.toml`, inherited by every jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel, ConfigDict, model_validator

from cme_contracts.jurisdictions import RuleSection, check_every, section
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.trust_registry import TrustedIssuer


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NationalRules(_Strict):
    """The national credit arithmetic (全国继续医学教育学分授予办法), and the names of entry categories."""

    hours_per_credit: dict[str, float]
    speaker_credits_per_hour: dict[str, float]
    max_credits_per_project: float
    national_societies: tuple[str, ...]
    category_names: dict[str, str] = {}  # 录入类别的中文名称, for every category any jurisdiction has


@dataclass(frozen=True)
class Requirements:
    """Yearly requirement (年度学分达标要求) for one staff level."""

    annual_total: float
    class_i_min: float
    class_ii_min: float
    national_window_years: int = 5
    national_window_credits: float = 10
    national_window_staff_levels: tuple[str, ...] = ()
    class_i_max: float | None = None  # 国家规定Ⅰ类 5~10 学分、Ⅱ类 15~20 学分：上限不计入达标
    class_ii_max: float | None = None


# A name may be written whole, short, or both as "全称（简称）"; brackets and spaces split it.
_NAME_PARTS = re.compile(r"[（）()【】\[\]\s]+")


@dataclass(frozen=True)
class RemotePlatform:
    """A remote-education platform (远程教育平台) and every name it is known by."""

    id: str
    name: str
    names: tuple[str, ...]

    def named_in(self, text: str | None) -> bool:
        """True when the text names this platform (full company name, short name, or both)."""
        return bool(set(_NAME_PARTS.split(text or "")) & set(self.names))


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
    integrated_platforms: tuple[RemotePlatform, ...]
    categories: dict[str, Category]
    requirements: Requirements
    requirements_by_staff_level: dict[str, Requirements] = field(default_factory=dict)
    early_review: bool = False  # offers 提前审核; its window is set by the office each year (stored data)
    national: NationalRules | None = None
    trusted_issuers: tuple[TrustedIssuer, ...] = ()  # 电子证书信任名单

    @property
    def arithmetic(self) -> NationalRules:
        """The national arithmetic, which every rule set read from the registry inherits."""
        if self.national is None:
            raise LookupError("rule set without the national arithmetic (national.toml)")
        return self.national

    def chain_for(self, source: str) -> tuple[str, ...]:
        """The review levels (审核层级) a credit of this source passes, in order."""
        if source == "remote_education":
            return ()  # 远程教育: the institution's upload grants the credit (seed 004)
        return self.session_review_chain if source == "session" else self.review_chain

    def requirements_for(self, staff_level: str | None) -> Requirements:
        """The yearly requirement for a staff level (provinces may differ by level)."""
        return self.requirements_by_staff_level.get(staff_level or "", self.requirements)

    def integrated_platform(self, *texts: str | None) -> RemotePlatform | None:
        """The integrated platform (已数据对接) any of the texts names, if one does."""
        return next((p for p in self.integrated_platforms if any(p.named_in(t) for t in texts)), None)

    def category(self, name: str) -> Category:
        """The entry category, or a refusal naming the categories this jurisdiction takes."""
        if name not in self.categories:
            names = self.national.category_names if self.national else {}
            allowed = (
                "、".join(names.get(c, c) for c in self.categories) or "无（学分由执行情况上报或远程教育机构导入）"
            )
            raise CreditRefused("self_entry.category_not_allowed",
                                f"{self.name}不受理“{names.get(name, name)}”的录入；可录入的类别：{allowed}",
                                category=name, allowed=sorted(self.categories))
        return self.categories[name]


class _Window(_Strict):
    years: int = 5
    credits: float = 10
    staff_levels: tuple[str, ...] = ()


class _RequirementsFile(_Strict):
    annual_total: float = 25
    class_i_min: float = 5
    class_i_max: float | None = None
    class_ii_min: float = 15
    class_ii_max: float | None = None
    national_window: _Window = _Window()
    by_staff_level: dict[str, dict[str, float]] = {}

    def build(self, overrides: dict[str, float] | None = None) -> Requirements:
        values = self.model_dump(exclude={"national_window", "by_staff_level"}) | (overrides or {})
        return Requirements(**values, national_window_years=self.national_window.years,
                            national_window_credits=self.national_window.credits,
                            national_window_staff_levels=self.national_window.staff_levels)


class _Evidence(_Strict):
    count: int = 1
    content_types: tuple[str, ...] = ("application/pdf",)


class Category(_Strict):
    """One self-entry category (录入类别) and what it demands."""

    name: str = ""
    credit_class: str | None = None
    level: str | None = None
    allowed_levels: tuple[str, ...] = ()
    hours_per_credit: float | None = None
    requires_project_on_record: bool = False
    once_per_year: bool = False
    year_from_certificate: bool = False
    evidence: _Evidence = _Evidence()

    @property
    def evidence_count(self) -> int:
        """How many files of evidence an entry of this category carries."""
        return self.evidence.count

    @property
    def evidence_types(self) -> tuple[str, ...]:
        """The content types its evidence may have."""
        return self.evidence.content_types


class _PlatformFile(_Strict):
    name: str  # the short name people use (华医网)
    names: tuple[str, ...] = ()  # every other name: the company's full name (北京华医网科技股份有限公司)

    def build(self, platform_id: str) -> RemotePlatform:
        return RemotePlatform(id=platform_id, name=self.name, names=(self.name, *self.names))


class CreditRulesFile(RuleSection):
    """The schema of a jurisdiction's `[credits]` table (with what it inherits)."""

    issuing_office: str
    review_chain: tuple[str, ...]
    session_review_chain: tuple[str, ...] | None = None
    partial_credit: bool = False
    tcm_handled: bool = True
    remote_platforms: dict[str, _PlatformFile] = {}
    integrated_platforms: tuple[str, ...] = ()  # ids of remote_platforms whose credits arrive by themselves
    categories: dict[str, Category] = {}
    early_review: bool = False
    requirements: _RequirementsFile = _RequirementsFile()
    national: NationalRules
    trusted_issuers: dict[str, TrustedIssuer] = {}

    @model_validator(mode="after")
    def _platforms_are_known(self) -> CreditRulesFile:
        unknown = [p for p in self.integrated_platforms if p not in self.remote_platforms]
        if unknown:
            raise ValueError(f"integrated_platforms {unknown} are not in [credits.remote_platforms]")
        return self

    def build(self) -> RuleSet:
        base = self.requirements.build()
        return RuleSet(
            id=self.id, name=self.name, issuing_office=self.issuing_office, review_chain=self.review_chain,
            session_review_chain=self.session_review_chain or self.review_chain,
            partial_credit=self.partial_credit, tcm_handled=self.tcm_handled,
            integrated_platforms=tuple(self.remote_platforms[p].build(p) for p in self.integrated_platforms),
            categories={name: values.model_copy(update={"name": name}) for name, values in self.categories.items()},
            requirements=base,
            requirements_by_staff_level={level: self.requirements.build(values)
                                         for level, values in self.requirements.by_staff_level.items()},
            early_review=self.early_review,
            national=self.national,
            trusted_issuers=tuple(self.trusted_issuers.values()),
        )


@cache
def load_rule_set(jurisdiction: str) -> RuleSet:
    """The credit rules of a jurisdiction; UnknownJurisdiction when the registry has none."""
    return section(jurisdiction, "credits", CreditRulesFile).build()


def check_rule_files() -> None:
    """Validate every jurisdiction's credit rules (at start-up: a typo stops the service)."""
    check_every("credits", CreditRulesFile)
