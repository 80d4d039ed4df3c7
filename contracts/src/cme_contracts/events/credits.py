"""Events of the credits service (学分)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from cme_contracts import topics
from cme_contracts.base import IntegrationEvent
from cme_contracts.events.common import CreditClass, ProjectLevel


class CreditSource(StrEnum):
    """Where a credit came from."""

    SESSION = "session"  # a held session's execution report
    SELF_ENTRY = "self_entry"  # 自行录入 / 单位录入 with evidence
    REMOTE_EDUCATION = "remote_education"  # 远程教育机构
    SPECIAL = "special"  # 对口支援, 规培, 进修 …


class _CreditsEvent(IntegrationEvent):
    topic = topics.CREDITS
    key_field = "id_number"


class CreditEntered(_CreditsEvent):
    """A credit was entered by hand (自行录入 / 单位录入) with its evidence; a draft until submitted.

    The evidence service marks the files attached to the entry, so they are kept while the
    entry waits to be submitted and reviewed.
    """

    event_type = "cme.credits.CreditEntered"

    credit_id: str
    id_number: str
    source: CreditSource
    jurisdiction: str
    entered_by: str = Field(description="Account that entered it: the learner or the unit admin.")
    evidence_ids: list[str] = Field(default_factory=list, description="Files the entry relies on (evidence ids).")


class CreditApproved(_CreditsEvent):
    """A credit passed its jurisdiction's final review and counts (省级审核通过, 学分生效)."""

    event_type = "cme.credits.CreditApproved"

    credit_id: str
    id_number: str
    name: str
    unit: str | None = None
    year: int
    credit_class: CreditClass
    level: ProjectLevel
    credits: float
    hours: float | None = None
    source: CreditSource
    project_number: str | None = Field(default=None, description="As written, e.g. `2021-03-05-129（国）`.")
    project_name: str
    start_date: date | None = None
    end_date: date | None = None
    jurisdiction: str
    issuing_office: str = Field(
        description="Office whose approval made the credit count, e.g. 江苏省继续医学教育委员会办公室."
    )
    approved_by: str
    approved_at: datetime


class CreditRejected(_CreditsEvent):
    """A credit was rejected at one review level (审核不通过), with the reason."""

    event_type = "cme.credits.CreditRejected"

    credit_id: str
    id_number: str
    review_level: str = Field(description="unit, city or province")
    reason: str
    rejected_by: str
    rejected_at: datetime
    unit_id: str | None = Field(
        default=None, description="The learner's unit, told when a higher level returns a credit."
    )
    project_name: str | None = Field(default=None, description="What the credit was for, as the learner entered it.")


class CreditRevoked(_CreditsEvent):
    """An approved credit was withdrawn or corrected; its certificate must be revoked."""

    event_type = "cme.credits.CreditRevoked"

    credit_id: str
    id_number: str
    reason: str
    revoked_by: str
    revoked_at: datetime
