"""The texts of a published project list (项目名单): dates and credits as offices write them.

Seed 000 writes dates as `2021年3月27日-3月28日` (the end inherits the start's year, and
its month when omitted) and credits as `国家级I类4分` / `省级I类2分`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from cme_contracts.events import CreditClass, ProjectLevel
from cme_contracts.identifiers import DASHES
from cme_platform.errors import DomainError

_LEVEL_WORDS = {"国家级": ProjectLevel.NATIONAL, "省级": ProjectLevel.PROVINCIAL,
                "市级": ProjectLevel.DISTRICT, "区级": ProjectLevel.DISTRICT, "县级": ProjectLevel.DISTRICT}
# One date with optional year and month, as a template for the range's start (s) and end (e).
_DATE = (r"(?:(?:(?P<{p}y>\d{{4}})\s*[年./-]\s*)?(?P<{p}m>\d{{1,2}})\s*[月./-]\s*)?(?P<{p}d>\d{{1,2}})\s*日?")
_RANGE = re.compile(rf"^{_DATE.format(p='s')}(?:\s*(?:-|~|至|到)\s*{_DATE.format(p='e')})?$")
_CREDITS = re.compile(r"^(?P<level>国家级|省级|市级|区级|县级)?(?P<cls>II|I)类?(?P<credits>\d+(?:\.\d+)?)分?$")


class UnreadableListing(DomainError):
    """A cell of a project list that cannot be read (名单内容无法识别)."""


@dataclass(frozen=True)
class CreditAward:
    """What a project awards: credits of one class, and the level the list states."""

    credits: float
    credit_class: CreditClass
    level: ProjectLevel | None


def _fold(text: str) -> str:
    """NFKC turns full-width digits and Roman numerals (Ⅰ, Ⅱ) into ASCII; dashes become `-`."""
    return unicodedata.normalize("NFKC", text).translate(DASHES).strip()


def parse_dates(text: str) -> tuple[date, date]:
    """Start and end date of `2021年3月27日-3月28日`, `2021-03-27至2021-03-28` or one day."""
    match = _RANGE.match(_fold(text))
    try:
        if match is None:
            raise ValueError("no dates")
        start = _read_date(match, "s", None)
        end = _read_date(match, "e", start) if match["ed"] else start
    except (ValueError, TypeError):
        raise UnreadableListing("listing.bad_dates", f"举办日期“{text}”无法识别，应如 2021年3月27日-3月28日",
                                value=text) from None
    if end < start:
        raise UnreadableListing("listing.dates_reversed", f"举办日期“{text}”的结束日期早于开始日期", value=text)
    return start, end


def _read_date(match: re.Match[str], prefix: str, anchor: date | None) -> date:
    """One end of the range; a missing year or month is the start's (anchor's)."""
    def part(name: str, fallback: int | None) -> int:
        written = match[f"{prefix}{name}"]
        if written:
            return int(written)
        if fallback is None:
            raise ValueError("no full start date")
        return fallback

    year = part("y", anchor.year if anchor else None)
    month = part("m", anchor.month if anchor else None)
    return date(year, month, int(match[f"{prefix}d"]))


def parse_credit_award(text: str) -> CreditAward:
    """Credits, class and level of `国家级I类4分`, `省级Ⅱ类2分`, `I类 6` (no spaces needed)."""
    folded = re.sub(r"\s+", "", _fold(text))
    match = _CREDITS.match(folded)
    if not match:
        raise UnreadableListing("listing.bad_credits", f"学分“{text}”无法识别，应如 国家级I类4分、省级II类2分",
                                value=text)
    level = _LEVEL_WORDS.get(match["level"]) if match["level"] else None
    return CreditAward(float(match["credits"]), CreditClass(match["cls"]), level)
