"""The notifications service's unit of work: one transaction, and the repositories that work in it.

It lives in the service layer, as in Cosmic Python: the use cases, the event handlers, the dispatcher
and the scheduler depend on it, and it is the one place that knows which adapters make up a transaction.
"""

from __future__ import annotations

from cme_notifications.adapters.leader import SchedulerLock
from cme_notifications.adapters.read_models import ReadModels
from cme_notifications.adapters.repository import MessageRepository, PreferenceRepository
from cme_platform.db import UnitOfWork

__all__ = ["NotificationsUnitOfWork"]


class NotificationsUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the notifications repositories on one session.

    The repositories exist only while the unit is entered; the platform's base makes each one anew
    on the unit's session from the annotations below.
    """

    messages: MessageRepository
    """The message centre and the SMS/WeChat deliveries queued for it."""
    preferences: PreferenceRepository
    """Each person's channels and quiet hours, and the addresses they cover."""
    read_models: ReadModels
    """What the reminders are worked out from (sessions owing reports, applications waiting, credits)."""
    scheduler_lock: SchedulerLock
    """The advisory lock that lets one replica at a time write the reminders."""
