"""Reading one row of a published project list (异地备案名单 / 项目公布名单) into a Project.

The header offices use is 序号/项目编号/项目名称/主办单位/项目负责人/协办单位/举办日期/学分;
variants (申办单位, 负责人, I类学分, a header cell broken over two lines) mean the same column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cme_platform.errors import DomainError
from cme_projects.domain.listing import parse_credit_award, parse_dates
from cme_projects.domain.project import Project, new_project

# Column → the header texts (whitespace removed) that name it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("项目编号", "编号", "活动编号"),
    "name": ("项目名称", "名称", "活动名称"),
    "sponsor": ("主办单位", "申办单位", "举办单位"),
    "lead": ("项目负责人", "负责人"),
    "co_organizer": ("协办单位", "承办单位", "承办（协办）单位", "承办(协办)单位"),
    "dates": ("举办日期", "举办时间", "日期"),
    "credits": ("学分", "I类学分", "Ⅰ类学分", "授予学分", "学分类别"),
    "discipline": ("学科", "所属学科", "二/三级学科", "二级/三级学科"),
    "venue": ("会场地址", "举办地点", "地点"),
}
REQUIRED = ("number", "name", "dates", "credits")


@dataclass(frozen=True)
class RowProblem:
    """Why one row was not imported; `row` is its line in the file (the header is line 1)."""

    row: int
    code: str
    reason: str


def map_header(cells: Sequence[str]) -> dict[str, int]:
    """Column name → index; refuses a header without the required columns."""
    index: dict[str, int] = {}
    for position, cell in enumerate(cells):
        text = re.sub(r"\s+", "", str(cell or ""))
        for column, names in COLUMNS.items():
            if text in names and column not in index:
                index[column] = position
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        expected = "、".join(COLUMNS[c][0] for c in missing)
        raise DomainError("import.bad_header", f"表头缺少必需的列：{expected}（应为 序号/项目编号/项目名称/主办单位/"
                          "项目负责人/协办单位/举办日期/学分）", missing=missing)
    return index


def read_row(cells: Sequence[str], header: dict[str, int], *, jurisdiction: str, remote_filing: bool) -> Project:
    """A project from one row; raises DomainError saying what is wrong with the row."""
    value = {column: _cell(cells, position) for column, position in header.items()}
    for column in REQUIRED:
        if not value[column]:
            raise DomainError("import.missing_value", f"“{COLUMNS[column][0]}”为空")
    start, end = parse_dates(value["dates"])
    award = parse_credit_award(value["credits"])
    def optional(column: str) -> str | None:
        return value.get(column) or None

    return new_project(
        number=value["number"], name=value["name"], credits=award.credits, credit_class=award.credit_class,
        jurisdiction=jurisdiction, start_date=start, end_date=end, remote_filing=remote_filing,
        source="import", sponsor=optional("sponsor"), lead=optional("lead"), co_organizer=optional("co_organizer"),
        discipline=optional("discipline"), venue=optional("venue"),
    )


def _cell(cells: Sequence[str], position: int) -> str:
    """A cell's text with inner runs of spaces kept single (names like `方  方` stay readable)."""
    raw = cells[position] if position < len(cells) else None
    return re.sub(r"\s+", " ", str(raw)).strip() if raw is not None else ""
