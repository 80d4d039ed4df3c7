"""The message centre and the deliveries in one unit of work's session."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert

from cme_notifications.adapters.tables import deliveries, messages, preference_addresses, preferences
from cme_notifications.domain.model import Notice
from cme_notifications.domain.preferences import Channel, Preferences
from cme_notifications.domain.recipients import Recipient
from cme_platform.db import Repository


def _addressed_to(addresses: list[Recipient]):
    return or_(*(and_(messages.c.recipient_kind == a.kind.value, messages.c.recipient_key == a.key)
                 for a in addresses))


class MessageRepository(Repository):
    """Messages and their deliveries."""

    async def add(self, notice: Notice, now: datetime) -> str | None:
        """Store a notice; its id, or None when its key is already taken (a redelivery, a rerun)."""
        statement = insert(messages).values(
            message_id=str(uuid.uuid4()), key=notice.key, recipient_kind=notice.recipient.kind.value,
            recipient_key=notice.recipient.key, category=notice.category, title=notice.title, body=notice.body,
            link=notice.link, jurisdiction=notice.jurisdiction, created_at=now,
        ).on_conflict_do_nothing(index_elements=["key"]).returning(messages.c.message_id)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def add_delivery(self, message_id: str, channel: Channel, address: str, not_before: datetime) -> None:
        """Queue one send by SMS or WeChat."""
        await self.session.execute(insert(deliveries).values(
            delivery_id=str(uuid.uuid4()), message_id=message_id, channel=channel.value, address=address,
            status="pending", not_before=not_before,
        ).on_conflict_do_nothing())

    async def mine(self, addresses: list[Recipient], *, unread_only: bool, limit: int, offset: int) -> list:
        """A person's messages, newest first."""
        query = select(messages).where(_addressed_to(addresses))
        if unread_only:
            query = query.where(messages.c.read_at.is_(None))
        query = query.order_by(messages.c.created_at.desc(), messages.c.message_id).limit(limit).offset(offset)
        return list((await self.session.execute(query)).all())

    async def unread_count(self, addresses: list[Recipient]) -> int:
        """How many of a person's messages are unread."""
        unread = await self.session.scalar(select(func.count()).select_from(messages).where(
            _addressed_to(addresses), messages.c.read_at.is_(None)))
        return int(unread or 0)

    async def mark_read(self, addresses: list[Recipient], now: datetime, message_id: str | None = None) -> int:
        """Mark one message (or all) of a person read; how many changed."""
        condition = [_addressed_to(addresses), messages.c.read_at.is_(None)]
        if message_id is not None:
            condition.append(messages.c.message_id == message_id)
        result = await self.session.execute(update(messages).where(*condition).values(read_at=now))
        # An UPDATE's result is a CursorResult; `execute` is typed for any statement.
        return cast("CursorResult[Any]", result).rowcount

    async def exists_for(self, addresses: list[Recipient], message_id: str) -> bool:
        """Whether this message is addressed to this person."""
        return await self.session.scalar(select(messages.c.message_id).where(
            _addressed_to(addresses), messages.c.message_id == message_id)) is not None

    async def claim_due(self, now: datetime, limit: int) -> list:
        """Pending deliveries whose quiet hours are over, locked so no other replica sends them."""
        query = (select(deliveries, messages.c.title, messages.c.body, messages.c.link)
                 .join(messages, messages.c.message_id == deliveries.c.message_id)
                 .where(deliveries.c.status == "pending", deliveries.c.not_before <= now)
                 .order_by(deliveries.c.not_before).limit(limit).with_for_update(of=deliveries, skip_locked=True))
        return list((await self.session.execute(query)).all())

    async def mark_delivery(self, delivery_id: str, *, sent_at: datetime | None, error: str | None,
                            give_up: bool) -> None:
        """Record one send attempt: sent, retried later, or failed for good."""
        status = "sent" if error is None else ("failed" if give_up else "pending")
        await self.session.execute(update(deliveries).where(deliveries.c.delivery_id == delivery_id).values(
            status=status, sent_at=sent_at, last_error=error, attempts=deliveries.c.attempts + 1))


class PreferenceRepository(Repository):
    """Preferences and the addresses they apply to."""

    async def get(self, account_id: str) -> Preferences | None:
        """One person's preferences."""
        row = (await self.session.execute(select(preferences).where(preferences.c.account_id == account_id))).first()
        return _to_preferences(row) if row else None

    async def save(self, account_id: str, chosen: Preferences, addresses: list[Recipient]) -> None:
        """Replace a person's preferences and the addresses they cover."""
        values = dict(channels=sorted(c.value for c in chosen.channels), quiet_start=chosen.quiet_start,
                      quiet_end=chosen.quiet_end, phone=chosen.phone, wechat_openid=chosen.wechat_openid,
                      updated_at=func.now())
        await self.session.execute(insert(preferences).values(account_id=account_id, **values)
                                   .on_conflict_do_update(index_elements=["account_id"], set_=values))
        await self.session.execute(preference_addresses.delete().where(
            preference_addresses.c.account_id == account_id))
        await self.session.execute(insert(preference_addresses), [
            {"account_id": account_id, "kind": a.kind.value, "key": a.key} for a in addresses])

    async def for_recipient(self, recipient: Recipient) -> list[Preferences]:
        """The preferences of everyone who reads this address."""
        query = (select(preferences).join(preference_addresses,
                                          preference_addresses.c.account_id == preferences.c.account_id)
                 .where(preference_addresses.c.kind == recipient.kind.value,
                        preference_addresses.c.key == recipient.key))
        return [_to_preferences(row) for row in (await self.session.execute(query)).all()]


def _to_preferences(row) -> Preferences:
    return Preferences(channels=frozenset(Channel(c) for c in row.channels), quiet_start=row.quiet_start,
                       quiet_end=row.quiet_end, phone=row.phone, wechat_openid=row.wechat_openid)
