"""What every page formats the same way: times on the local clock, ID numbers masked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cme_contracts.identifiers import mask_id_number

# Every jurisdiction the platform runs keeps China Standard Time; people read times on that clock.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def local_time(moment: str | None, fmt: str = "%H:%M") -> str:
    """An ISO timestamp from an API shown on the local clock (北京时间), or a dash."""
    if not moment:
        return "—"
    return datetime.fromisoformat(moment).astimezone(LOCAL_ZONE).strftime(fmt)


def mask_id(id_number: str | None) -> str:
    """An ID number as a page may show it (3205**********0025), or a dash when there is none."""
    return mask_id_number(id_number) if id_number else "—"
