"""The reminder scheduler: execution reports due, applications waiting, compliance short.

Every tick asks "what is due today (Beijing time)?" and writes those reminders; a reminder's
key names its day, so ticking every minute, on several replicas, or again after a restart
writes each reminder once. Only the replica holding the advisory lock ticks at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, timedelta

from cme_notifications.domain.model import BEIJING, Notice
from cme_notifications.domain.reminders import (
    compliance_warning,
    hold_wait_reminder,
    is_compliance_warning_day,
    report_reminder,
)
from cme_notifications.domain.rules import every_rule_set, rules_for
from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from cme_notifications.service_layer.writing import write

log = logging.getLogger(__name__)
# Sessions that ended longer ago than this are past every reminder of any rule set.
REPORT_LOOKBACK_DAYS = 60


async def tick(uow: NotificationsUnitOfWork) -> int | None:
    """Write today's reminders; how many were new, or None when another replica leads."""
    async with uow:
        if not await uow.scheduler_lock.take():
            return None
        today = uow.clock.today(BEIJING)
        due = await _report_reminders(uow, today) + await _hold_reminders(uow, today)
        due += await _compliance_warnings(uow, today)
        written = await write(uow, due)
        await uow.commit()
    return written


async def _report_reminders(uow: NotificationsUnitOfWork, today: date) -> list[Notice]:
    sessions = await uow.read_models.sessions_owing_reports(today - timedelta(days=REPORT_LOOKBACK_DAYS))
    return [n for s in sessions if (n := report_reminder(rules_for(s.jurisdiction), s, today))]


async def _hold_reminders(uow: NotificationsUnitOfWork, today: date) -> list[Notice]:
    return [n for a in await uow.read_models.waiting()
            if (n := hold_wait_reminder(rules_for(a.jurisdiction), a, today))]


async def _compliance_warnings(uow: NotificationsUnitOfWork, today: date) -> list[Notice]:
    # Cheap check first: on most days no rule set warns, and the totals query is skipped.
    if not any(is_compliance_warning_day(rules, today) for rules in every_rule_set()):
        return []
    return [n for t in await uow.read_models.yearly_totals(today.year)
            if (n := compliance_warning(rules_for(t.jurisdiction), t, today))]


class Scheduler:
    """Ticks on a period for as long as the process runs."""

    def __init__(self, uow_factory: Callable[[], NotificationsUnitOfWork], period_seconds: float):
        self._uow = uow_factory
        self._period = period_seconds

    async def run(self) -> None:
        """The loop the runtime supervises."""
        while True:
            try:
                written = await tick(self._uow())
                if written:
                    log.info("reminders written", extra={"count": written})
            except Exception:  # noqa: BLE001 — a failed tick is retried at the next one
                log.exception("reminder tick failed")
            await asyncio.sleep(self._period)
