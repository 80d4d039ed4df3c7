"""The certificate (电子学分证书): what it states, its number, its state, and how it is shown.

A certificate is created `pending` when its credit is approved, becomes `issued` once its
PDF and signed credential are stored, and `revoked` when the credit is withdrawn or
corrected. It is pure data: persistence and rendering live in the adapters.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from cme_contracts.events.common import CreditClass, ProjectLevel
from cme_contracts.jurisdictions import registry

LEVEL_LABELS = {
    ProjectLevel.NATIONAL: "国家级",
    ProjectLevel.PROVINCIAL: "省级",
    ProjectLevel.SOCIETY: "学（协）会",
    ProjectLevel.DISTRICT: "市级",
}
CLASS_LABELS = {CreditClass.I: "Ⅰ类", CreditClass.II: "Ⅱ类"}


class CertificateState(StrEnum):
    """证书状态: 待签发 / 有效 / 已撤销."""

    PENDING = "pending"
    ISSUED = "issued"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Certificate:
    """One electronic certificate for one approved credit (学分证书)."""

    certificate_id: str
    certificate_number: str
    status_index: int
    credit_id: str
    id_number: str
    name: str
    unit: str | None
    project_number: str | None
    project_name: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    hours: float | None
    start_date: date | None
    end_date: date | None
    year: int
    jurisdiction: str
    issuing_office: str
    approved_at: datetime
    state: CertificateState = CertificateState.PENDING
    issued_at: datetime | None = None
    revoked_at: datetime | None = None
    revoke_reason: str | None = None

    @property
    def level_label(self) -> str:
        """项目级别 in Chinese; a district's own credits (锦江区医学会Ⅱ类) say 区级, a city's 市级."""
        level = ProjectLevel(self.level)
        if level is ProjectLevel.DISTRICT and registry().get(self.jurisdiction).level == "district":
            return "区级"
        return LEVEL_LABELS[level]

    @property
    def class_label(self) -> str:
        """学分类别 in Chinese (Ⅰ类 / Ⅱ类)."""
        return CLASS_LABELS[CreditClass(self.credit_class)]

    @property
    def credits_text(self) -> str:
        """Credits as printed: 4 rather than 4.0, 1.5 as 1.5."""
        return format_credits(self.credits)

    @property
    def period_text(self) -> str:
        """举办时间 as printed, e.g. 2026年3月5日至2026年3月7日."""
        if self.start_date is None:
            return "—"
        start = chinese_date(self.start_date)
        if self.end_date is None or self.end_date == self.start_date:
            return start
        return f"{start}至{chinese_date(self.end_date)}"


def format_credits(value: float) -> str:
    """A credit amount without a needless `.0` (学分 4, 1.5)."""
    return f"{value:g}"


def chinese_date(day: date | datetime) -> str:
    """A calendar date written the Chinese way: 2026年11月22日. An instant must first become the local
    date of its jurisdiction (`CertificateRules.local_date`): in UTC it is the day before until 08:00."""
    return f"{day.year}年{day.month}月{day.day}日"


# Crockford's base32: no I, L, O or U, so a number read aloud or typed is not misread.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_RANDOM_LENGTH = 12


def certificate_number(prefix: str, year: int) -> str:
    """证书编号: the jurisdiction's prefix, the credit year and 12 random characters.

    Random, not a serial: one number tells nothing about its neighbours, so numbers cannot be
    walked (32**12 ≈ 10**18 per prefix and year; the unique column catches the rare repeat).
    """
    return f"{prefix}{year}" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_RANDOM_LENGTH))


def is_stale_approval(revoked_at: datetime | None, approved_at: datetime) -> bool:
    """An approval no later than the revocation of the same credit is a replay, not a
    re-approval after correction (更正后重新审核), so it must not issue a new certificate."""
    return revoked_at is not None and approved_at <= revoked_at
