"""Project numbers (项目编号): parsing, validation and the canonical form used for lookups.

Offices write the same number in several ways — `2021-03-05-129（国）` with full-width
parentheses, `2021-14-05-929 (国)` with ASCII ones and a space — and certificates must show
it exactly as written (Zhejiang: "不要省略（国）"). So a parsed number keeps the text as
written and adds a canonical form: NFKC (full-width → ASCII), no spaces, one kind of dash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cme_contracts.events import ProjectLevel
from cme_contracts.identifiers import normalize_project_number as normalize
from cme_platform.errors import DomainError

EXPECTED_FORMATS = (
    "国家级 2021-03-05-129（国）",
    "省级 2020480301016（省）",
    "学（协）会 口继教字2021-032",
    "市/区级 2021-0101-001（市）",
)

# The level marker in parentheses decides the level; the body's shape is checked per marker.
_PATTERNS: tuple[tuple[re.Pattern[str], ProjectLevel], ...] = (
    (re.compile(r"^(?P<year>\d{4})-\d{2}-\d{2}-\d{3}\(国\)$"), ProjectLevel.NATIONAL),
    (re.compile(r"^(?P<year>\d{4})\d{9}\(省\)$"), ProjectLevel.PROVINCIAL),
    (re.compile(r"^(?P<year>\d{4})(?:-?\d{2,6}){1,4}\((?:市|区|县)\)$"), ProjectLevel.DISTRICT),
    (re.compile(r"^[\u4e00-\u9fff]{1,10}字(?P<year>\d{4})-\d{1,5}$"), ProjectLevel.SOCIETY),
)


__all__ = ["EXPECTED_FORMATS", "InvalidProjectNumber", "ProjectNumber", "normalize", "parse_number"]


class InvalidProjectNumber(DomainError):
    """A project number in none of the known formats (项目编号格式不正确)."""


@dataclass(frozen=True)
class ProjectNumber:
    """A valid project number: as written, canonical, and what it tells (level, year)."""

    written: str
    normalized: str
    level: ProjectLevel
    year: int


def parse_number(text: str) -> ProjectNumber:
    """Parse a project number; refuse it naming the expected formats when it fits none."""
    written = text.strip()
    canonical = normalize(written)
    for pattern, level in _PATTERNS:
        match = pattern.match(canonical)
        if match:
            return ProjectNumber(written, canonical, level, int(match["year"]))
    raise InvalidProjectNumber(
        "project_number.invalid",
        f"项目编号“{written}”格式不正确，应为以下格式之一：{'；'.join(EXPECTED_FORMATS)}",
        number=written, expected=list(EXPECTED_FORMATS),
    )
