"""Request bodies of the credits API (field names English, messages zh-CN)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cme_credits.domain.self_entry import Entry
from cme_platform.web.inputs import Hours, Seed, WrittenDate, Year


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActivityIn(_Body):
    """The activity of an entry (活动): what the certificate states."""

    category: str = Field(description="out_of_province, district_ii, provincial_i, residency, …")
    jurisdiction: str | None = None
    project_name: str = Field(min_length=1, max_length=300)
    project_number: str | None = Field(default=None, max_length=100, description="Exactly as on the certificate.")
    sponsor: str | None = Field(default=None, max_length=300, description="发证机构 (项目申办单位)")
    level: str | None = None
    credit_class: Literal["I", "II"] | None = None
    credits: float
    hours: float | None = Field(default=None, ge=0)
    start_date: WrittenDate | None = None
    end_date: WrittenDate | None = None
    year: int | None = Field(default=None, ge=1990, le=2100)
    tcm: bool = False
    platform: str | None = None
    training_year: int | None = Field(default=None, ge=1, le=10)
    program_years: int | None = Field(default=None, ge=1, le=10)
    final_assessment_passed: bool = False
    certificate_date: WrittenDate | None = None

    def entry(self, *, id_number: str, name: str, evidence_ids: list[str]) -> Entry:
        """The domain entry for one person."""
        fields = self.model_dump(include=set(ActivityIn.model_fields) - {"jurisdiction"})
        return Entry(id_number=id_number, name=name, evidence_ids=tuple(evidence_ids), **fields)


class EntryIn(ActivityIn):
    """One person's entry (学员自行录入 or 单位录入)."""

    id_number: str
    name: str = Field(min_length=1, max_length=100)
    unit: str | None = None
    unit_id: str | None = None
    city_id: str | None = None
    evidence_ids: list[str] = Field(default_factory=list)


class PersonIn(_Body):
    """One person of a unit's bulk entry."""

    id_number: str
    name: str = Field(min_length=1, max_length=100)
    unit: str | None = None
    evidence_ids: list[str] = Field(default_factory=list)


class BulkEntryIn(_Body):
    """单位统一录入: one activity, many people."""

    activity: ActivityIn
    people: list[PersonIn] = Field(min_length=1, max_length=1000)


class CorrectionIn(_Body):
    """修改器: fields to correct on a rejected or draft entry."""

    name: str | None = None
    project_name: str | None = None
    project_number: str | None = None
    sponsor: str | None = None
    level: str | None = None
    credit_class: Literal["I", "II"] | None = None
    credits: Hours | None = None
    hours: Hours | None = None
    start_date: WrittenDate | None = None
    end_date: WrittenDate | None = None
    year: Year | None = None
    evidence_ids: list[str] | None = None


class CreditIdsIn(_Body):
    """Credits to act on (one or many)."""

    credit_ids: list[str] = Field(min_length=1, max_length=1000)


class DecisionIn(CreditIdsIn):
    """A review decision for one or many credits."""

    decision: Literal["approve", "reject"]
    reason: str | None = Field(default=None, max_length=500)


class ReasonIn(_Body):
    """A reason (revocation)."""

    reason: str = Field(min_length=1, max_length=500)


class AuditSampleIn(_Body):
    """抽查: which year and what share of approved self-entered credits."""

    year: Year
    percentage: float = Field(gt=0, le=100)
    seed: Seed | None = None


class EarlyReviewWindowIn(_Body):
    """提前审核录入及审核时间: from the opening date to the deadline, both inside the year under review."""

    opens_on: WrittenDate
    closes_on: WrittenDate


class ApplicantIn(_Body):
    """One person of a unit's early-review application (单位, 姓名, 身份证号, 手机号码)."""

    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(max_length=30)
    phone: str = Field(pattern=r"^1\d{10}$", description="手机号码 (11 digits)")


class EarlyReviewApplicationIn(_Body):
    """关于提前审核学分的申请: the unit's people applying for a senior title (副高) this year."""

    year: Year
    unit: str | None = Field(default=None, max_length=200, description="单位名称 as on the stamped application")
    people: list[ApplicantIn] = Field(min_length=1, max_length=1000)


class RemoteRecordsIn(_Body):
    """Records pushed by an integrated platform (same fields as the template)."""

    records: list[dict] = Field(min_length=1, max_length=5000)
