"""The credits lists as offices download them (`?format=xlsx|csv`): Chinese headers, Chinese labels.

Each table reads the items exactly as the list's JSON shows them, so a download holds what the
list shows and nothing more (ID numbers masked where the list masks them).
"""

from __future__ import annotations

from cme_contracts.flags import label as flag_label
from cme_credits.domain.compliance import CLASS_NAMES
from cme_credits.domain.review import LEVEL_NAMES, STATUS_NAMES
from cme_platform.web.downloads import Column

# 学分级别 of a project, as the import template and the pages write it.
CREDIT_LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "society": "学会", "district": "区级"}


def _named(names: dict, value: str | None) -> str | None:
    return names.get(value, value) if value else None


PERSON: list[Column] = [("姓名", lambda c: c["name"]), ("身份证号", lambda c: c["id_number"]),
                        ("单位", lambda c: c["unit"])]
CREDIT: list[Column] = [
    ("年度", lambda c: c["year"]), ("项目编号", lambda c: c["project_number"]),
    ("项目名称", lambda c: c["project_name"]), ("学分类别", lambda c: _named(CLASS_NAMES, c["credit_class"])),
    ("学分级别", lambda c: _named(CREDIT_LEVEL_NAMES, c["level"])), ("学分", lambda c: c["credits"]),
    ("学时", lambda c: c["hours"]),
]

CREDITS = [*PERSON, *CREDIT, ("状态", lambda c: _named(STATUS_NAMES, c["status"])),
           ("待审核层级", lambda c: _named(LEVEL_NAMES, c["awaiting"])), ("退回原因", lambda c: c["last_reason"])]
"""学分审核情况: every credit of the caller's scope."""

QUEUE = [*PERSON, *CREDIT, ("上次退回原因", lambda c: c["last_reason"]),
         ("疑似代签", lambda c: "、".join(map(flag_label, c["attendance_flags"]))),
         ("抽查", lambda c: c["audit_sampled"])]
"""学分待审核: what waits for the caller's level."""

COMPLIANCE = [
    *PERSON, ("年度", lambda p: p["year"]), ("Ⅰ类学分", lambda p: p["totals"]["class_i"]),
    ("Ⅱ类学分", lambda p: p["totals"]["class_ii"]), ("计入总学分", lambda p: p["totals"]["total"]),
    ("要求总学分", lambda p: p["requirements"]["annual_total"]),
    ("Ⅰ类至少", lambda p: p["requirements"]["class_i_min"]), ("Ⅱ类至少", lambda p: p["requirements"]["class_ii_min"]),
    ("是否达标", lambda p: "达标" if p["met"] else "未达标"),
    ("尚缺", lambda p: "；".join(gap["message"] for gap in p["missing"])),
]
"""学分达标情况 by person."""

STATISTICS = [("状态", lambda r: _named(STATUS_NAMES, r["status"])),
              ("学分类别", lambda r: _named(CLASS_NAMES, r["credit_class"])), ("记录数", lambda r: r["count"]),
              ("学分", lambda r: r["credits"]), ("人数", lambda r: r["people"])]
"""单位学分统计: records, credits and people by status and class."""
