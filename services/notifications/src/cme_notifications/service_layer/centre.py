"""The message centre's use cases: a person reads, counts and marks their messages, and sets
their preferences. Each opens its own unit of work."""

from __future__ import annotations

from cme_notifications.domain.preferences import Preferences
from cme_notifications.domain.recipients import addresses_of
from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from cme_platform.auth import Principal
from cme_platform.errors import NotFound


async def my_messages(uow: NotificationsUnitOfWork, me: Principal, *, unread_only: bool, page: int,
                      page_size: int) -> dict:
    """A page of the person's messages (newest first) and their unread count."""
    addresses = addresses_of(me)
    async with uow:
        rows = await uow.messages.mine(addresses, unread_only=unread_only, limit=page_size,
                                       offset=(page - 1) * page_size)
        unread = await uow.messages.unread_count(addresses)
    return {"items": [_view(row) for row in rows], "unread": unread, "page": page, "page_size": page_size}


async def unread_count(uow: NotificationsUnitOfWork, me: Principal) -> int:
    """How many of the person's messages are unread (the badge on every desk)."""
    async with uow:
        return await uow.messages.unread_count(addresses_of(me))


async def mark_read(uow: NotificationsUnitOfWork, me: Principal, message_id: str | None = None) -> int:
    """Mark one message read (404 unless it is the person's), or all of them; how many changed."""
    addresses = addresses_of(me)
    async with uow:
        if message_id is not None and not await uow.messages.exists_for(addresses, message_id):
            raise NotFound("message.not_found", "没有找到这条消息", message_id=message_id)
        changed = await uow.messages.mark_read(addresses, uow.clock.now(), message_id)
        await uow.commit()
    return changed


async def preferences_of(uow: NotificationsUnitOfWork, me: Principal) -> Preferences:
    """The person's saved preferences, or the default (message centre only)."""
    async with uow:
        return await uow.preferences.get(me.account_id) or Preferences()


async def save_preferences(uow: NotificationsUnitOfWork, me: Principal, chosen: Preferences) -> Preferences:
    """Save the person's channels and quiet hours, for every address their token carries."""
    async with uow:
        await uow.preferences.save(me.account_id, chosen, addresses_of(me))
        await uow.commit()
    return chosen


def _view(row) -> dict:
    return {"message_id": row.message_id, "category": row.category, "title": row.title, "body": row.body,
            "link": row.link, "created_at": row.created_at.isoformat(),
            "read_at": row.read_at.isoformat() if row.read_at else None}
