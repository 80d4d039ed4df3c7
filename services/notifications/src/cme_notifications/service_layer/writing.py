"""Writing notices: the message centre row, and a delivery for each channel its reader chose."""

from __future__ import annotations

from cme_notifications.adapters import metrics
from cme_notifications.domain.model import Notice
from cme_notifications.domain.preferences import Channel, Preferences
from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork


async def write(uow: NotificationsUnitOfWork, notices: list[Notice], *, sms_to: str | None = None) -> int:
    """Store each notice once (its key) and queue its SMS/WeChat sends; how many were new.

    `sms_to` is a number to text even without saved preferences (a person who registered and
    cannot sign in yet is told by SMS at the number they gave).
    """
    now, written = uow.clock.now(), 0
    for notice in notices:
        message_id = await uow.messages.add(notice, now)
        if message_id is None:
            continue  # already written: the same event again, or the same reminder on the same day
        written += 1
        # Counted when written: a transaction rolled back and retried counts again, which an
        # operator's rate of in-app messages tolerates (the table itself holds the exact count).
        metrics.messages_sent.labels("in_app").inc()
        readers = await uow.preferences.for_recipient(notice.recipient)
        if sms_to and not readers:
            readers = [Preferences(channels=frozenset({Channel.SMS}), phone=sms_to)]
        for preferences in readers:
            for channel in sorted(preferences.channels):
                address = preferences.address_for(channel)
                if address:
                    await uow.messages.add_delivery(message_id, channel, address, preferences.release_at(now))
    return written
