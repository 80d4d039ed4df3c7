"""A CME project in the registry (继续医学教育项目)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date

from cme_contracts.events import CreditClass, ProjectLevel
from cme_platform.errors import DomainError
from cme_projects.domain.numbers import parse_number

# Fields an owner may correct after registering; the number, name and credits are fixed
# (national rule: "项目编号、名称和内容不得更改").
EDITABLE = ("discipline", "lead", "sponsor", "co_organizer", "venue", "start_date", "end_date", "online")


@dataclass(frozen=True)
class Project:
    """A registered project; `number` is kept exactly as written, `number_normalized` for lookups.

    `owner_id`/`unit_id` are the 立项用户 and its unit; projects imported from a published
    list have none until an owner enters them.
    """

    number: str
    number_normalized: str
    name: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    jurisdiction: str
    year: int
    session_no: int = 1  # 期数
    discipline: str | None = None  # 二级/三级学科, e.g. 护理学/外科护理学
    lead: str | None = None  # 项目负责人
    sponsor: str | None = None  # 主办/申办单位
    co_organizer: str | None = None  # 协办单位
    venue: str | None = None  # 会场地址
    start_date: date | None = None
    end_date: date | None = None
    online: bool = False  # 举办形式: 线上/线下
    remote_filing: bool = False  # 异地备案
    status: str = "published"
    owner_id: str | None = None
    unit_id: str | None = None
    source: str = "entry"  # entry (录入) or import (名单导入)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def listing(self) -> dict:
        """The fields a published list states: what decides whether a re-import changes anything."""
        skip = {"id", "owner_id", "unit_id", "source", "status"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}

    def with_changes(self, **changes) -> Project:
        """A copy with editable fields changed; refuses the fixed ones and reversed dates."""
        fixed = sorted(set(changes) - set(EDITABLE))
        if fixed:
            raise DomainError("project.field_fixed", f"项目的以下信息登记后不可更改：{'、'.join(fixed)}", fields=fixed)
        changed = replace(self, **changes)
        check_dates(changed.start_date, changed.end_date)
        return changed


def check_dates(start: date | None, end: date | None) -> None:
    """A project ends on or after the day it starts."""
    if start and end and end < start:
        raise DomainError(
            "project.dates_reversed", f"结束日期 {end} 早于开始日期 {start}", start=str(start), end=str(end)
        )


def new_project(*, number: str, level: ProjectLevel | None = None, year: int | None = None, **values) -> Project:
    """A project from its written number; level and year come from the number unless given.

    A level that contradicts the number (a `（国）` number declared provincial) is refused.
    """
    parsed = parse_number(number)
    if level is not None and level != parsed.level:
        raise DomainError("project.level_mismatch", f"项目编号“{number}”表明为{_LEVEL_NAMES[parsed.level]}项目，"
                          f"与所填级别“{_LEVEL_NAMES[level]}”不符", number=number, level=level.value)
    check_dates(values.get("start_date"), values.get("end_date"))
    return Project(number=parsed.written, number_normalized=parsed.normalized, level=parsed.level,
                   year=year or parsed.year, **values)


_LEVEL_NAMES = {ProjectLevel.NATIONAL: "国家级", ProjectLevel.PROVINCIAL: "省级",
                ProjectLevel.SOCIETY: "学（协）会", ProjectLevel.DISTRICT: "市/区级"}
