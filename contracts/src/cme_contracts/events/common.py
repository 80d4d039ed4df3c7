"""Value types shared by several events."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class CreditClass(StrEnum):
    """学分类别: class I (Ⅰ类) or class II (Ⅱ类)."""

    I = "I"  # noqa: E741 (the class's own name, Ⅰ类, read by every consumer; not a mistaken l or 1)
    II = "II"


class ProjectLevel(StrEnum):
    """项目级别."""

    NATIONAL = "national"  # 国家级
    PROVINCIAL = "provincial"  # 省级
    SOCIETY = "society"  # 学（协）会
    DISTRICT = "district"  # 市/区级（Ⅱ类）


class Direction(StrEnum):
    """Scan direction: 签到 (in) or 签退 (out)."""

    IN = "in"
    OUT = "out"


class TimeWindow(BaseModel):
    """A half-open time window [opens_at, closes_at)."""

    model_config = ConfigDict(frozen=True)

    opens_at: datetime
    closes_at: datetime


class SessionDay(BaseModel):
    """One day of a held session with its teaching hours."""

    model_config = ConfigDict(frozen=True)

    day: date
    starts_at: datetime
    ends_at: datetime


class Person(BaseModel):
    """Identity of a health professional as carried between services."""

    model_config = ConfigDict(frozen=True)

    id_number: str = Field(description="居民身份证号 (GB 11643), the person's identity.")
    name: str
    unit: str | None = Field(default=None, description="工作单位")
