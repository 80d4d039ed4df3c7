"""A session's lists as clerks download them (`?format=xlsx|csv`): Chinese headers, Chinese labels.

Each table reads the items exactly as the list's JSON shows them (the ID number in full, as the
attendee list and the report give it to those who may see the session).
"""

from __future__ import annotations

from datetime import datetime

from cme_contracts.flags import label as flag_label
from cme_platform.web.downloads import Column

CLASS_NAMES = {"I": "Ⅰ类", "II": "Ⅱ类"}


def _moment(text: str | None) -> datetime | None:
    """An ISO time of the list, for the writer to put on the Beijing clock."""
    return datetime.fromisoformat(text) if text else None


def attendee_days(listing: dict) -> list[dict]:
    """One row per person and day of the attendee list: a two-day session has two check-ins each."""
    return [person | {"day": day} for person in listing["attendees"] for day in person["days"] or [None]]


PERSON: list[Column] = [
    ("姓名", lambda p: p["name"]), ("身份证号", lambda p: p["id_number"]), ("手机", lambda p: p.get("phone")),
    ("单位", lambda p: p.get("unit")), ("科室", lambda p: p.get("department")), ("职称", lambda p: p.get("title")),
    ("单位所在地", lambda p: p.get("unit_location")), ("基层", lambda p: p.get("grassroots")),
]

ATTENDEES = [
    *PERSON, ("日期", lambda p: p["day"] and p["day"]["day"]),
    ("签到时间", lambda p: p["day"] and _moment(p["day"]["checked_in_at"])),
    ("签退时间", lambda p: p["day"] and _moment(p["day"]["checked_out_at"])),
    ("当日学时", lambda p: p["day"] and p["day"]["hours"]), ("学时", lambda p: p["attended_hours"]),
    ("达到要求", lambda p: p["preselected"]), ("提示", lambda p: "；".join(f["message"] for f in p["flags"])),
]
"""学员名单: who came when, and for how long."""


def execution_report(report: dict) -> list[Column]:
    """执行情况上报: the attendees reported, with their hours and the project's credits."""
    return [
        *PERSON, ("学时", lambda a: a["attended_hours"]),
        ("学分类别", lambda _: CLASS_NAMES.get(report["credit_class"], report["credit_class"])),
        ("项目学分", lambda _: report["credits"]),
        ("疑似代签", lambda a: "、".join(map(flag_label, a.get("flags", [])))),
    ]
