"""Response bodies of the credits API, so its OpenAPI document names the fields a client reads.

They describe the dicts the use cases return key for key, so a route's JSON is what it was. Each lets through
keys it does not name: a key added without its field here still reaches the caller, neither dropped nor a
server error after a committed change. A key a use case gives only at times (`compliance` without a year,
`without_what_if`, an error's `details`) has a default here and the route leaves out what was not given
(`response_model_exclude_unset`), as the dict did.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    # A key a use case adds without declaring it here still reaches the caller: neither dropped nor
    # turned into a server error after a change was committed. The fields declared are what the
    # OpenAPI document promises and what the portal's client check reads against.
    model_config = ConfigDict(extra="allow")


class CreditView(_Answer):
    """A ledger credit as the API shows it (`queries.present`): the ID number masked unless it is the viewer's."""

    credit_id: str
    id_number: str
    name: str
    unit: str | None
    unit_id: str | None
    jurisdiction: str
    year: int
    credit_class: str
    level: str
    credits: float
    hours: float | None
    source: str = Field(description="self_entry, special, project, import …")
    category: str | None
    project_number: str | None
    project_name: str
    sponsor: str | None
    start_date: str | None
    end_date: str | None
    evidence_ids: list[str]
    status: str
    review_chain: list[str]
    awaiting: str | None = Field(description="The review level it waits for, while in review")
    last_reason: str | None
    audit_sampled: bool
    attendance_flags: list[str]
    verified_credential: bool = Field(description="已验证电子证书")


class CreditList(_Answer):
    """Credits within the caller's scope (登录查询, 待审核)."""

    credits: list[CreditView]


class PublicCredit(_Answer):
    """An approved credit as the public query shows it, the name masked."""

    year: int
    name: str
    project_number: str | None
    project_name: str
    credit_class: str
    level: str
    credits: float
    jurisdiction: str


class PublicCredits(_Answer):
    """公共查询: a person's approved credits."""

    id_number: str
    credits: list[PublicCredit]


class StatusRow(_Answer):
    """Credits of one status and class: records, credits and people."""

    status: str
    credit_class: str
    count: int
    credits: float
    people: int


class ComplianceRate(_Answer):
    """达标率 of the people with credits in scope that year (`rate` null when there are none)."""

    people: int
    met: int
    rate: float | None


class Statistics(_Answer):
    """单位学分统计; the compliance rate only for a given year."""

    year: int | None
    by_status: list[StatusRow]
    compliance: ComplianceRate | None = None


class BulkEntryResult(_Answer):
    """One person of a bulk entry: accepted (the draft credit) or refused (the error's code and message)."""

    id_number: str
    ok: bool
    credit_id: str | None = None
    status: str | None = None
    level: str | None = None
    credit_class: str | None = None
    year: int | None = None
    credits: float | None = None
    code: str | None = Field(default=None, description="Why a refused person was refused")
    message: str | None = None
    # A refusal's details differ per rule (limits, dates, fields), as in the error shape.
    details: dict[str, Any] | None = None


class BulkEntrySummary(_Answer):
    """单位统一录入: counts first, then each person's result (207 when some were refused)."""

    accepted: int
    refused: int
    results: list[BulkEntryResult]


class Totals(_Answer):
    """Credits counted in the year, by class, and in the national window (近年国家级)."""

    total: float
    class_i: float
    class_ii: float
    national_window: float


class NationalWindow(_Answer):
    """National-project credits required over recent years."""

    years: int
    credits: float


class Requirements(_Answer):
    """The yearly requirement of the rule set for the staff level."""

    annual_total: float
    class_i_min: float
    class_i_max: float | None
    class_ii_min: float
    class_ii_max: float | None
    national_window: NationalWindow | None


class Gap(_Answer):
    """One requirement not met and by how much."""

    code: str
    needed: float
    have: float
    short_by: float
    message: str


class AboveBound(_Answer):
    """A class's credits above its upper bound, left out of the annual total."""

    code: str
    bound: float
    have: float
    excess: float
    message: str


class ExplainedCredit(_Answer):
    """A credit of the person and whether it counts, with the reason in Chinese."""

    credit_id: str
    year: int
    project_name: str
    credit_class: str
    level: str
    credits: float
    status: str
    counted: bool
    explanation: str


class Standing(_Answer):
    """The standing without the assumed approvals of a what-if (测算)."""

    met: bool
    totals: Totals
    missing: list[Gap]


class Compliance(_Answer):
    """个人学分达标情况 of a year."""

    id_number: str
    year: int
    jurisdiction: str
    staff_level: str | None
    met: bool
    totals: Totals
    requirements: Requirements
    missing: list[Gap]
    above_bounds: list[AboveBound]
    credits: list[ExplainedCredit]
    without_what_if: Standing | None = None

