"""A notice: one message to one recipient, written once, in Chinese, with where to act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from cme_contracts.identifiers import mask_id_number
from cme_notifications.domain.recipients import Recipient

# Every jurisdiction the platform runs keeps China Standard Time; messages give dates on that clock.
BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Notice:
    """A message before it is stored.

    `key` makes it unique: the event id (or the reminder and its day) plus the recipient, so
    a redelivered event or a restarted scheduler finds the key taken and writes nothing.
    """

    key: str
    recipient: Recipient
    category: str
    title: str
    body: str
    link: str
    jurisdiction: str | None = None


def beijing_date(moment: datetime) -> str:
    """An instant as people read it: the date in Beijing time (2026年12月2日)."""
    return chinese_date(moment.astimezone(BEIJING).date())


def chinese_date(day: date) -> str:
    """A date written the Chinese way."""
    return f"{day.year}年{day.month}月{day.day}日"


def masked(id_number: str | None) -> str:
    """An ID number as any message shows it (never in full)."""
    return mask_id_number(id_number.strip().upper()) if id_number else ""


def credits_text(value: float) -> str:
    """2.0 → "2", 2.5 → "2.5"."""
    return f"{value:g}"
