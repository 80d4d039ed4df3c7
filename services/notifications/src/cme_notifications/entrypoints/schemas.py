"""Request and response bodies of the notifications API."""

from __future__ import annotations

from datetime import time

from pydantic import BaseModel, ConfigDict, Field

from cme_notifications.domain.preferences import Channel, Preferences


class PreferencesBody(BaseModel):
    """A person's channels besides the message centre, and quiet hours in Beijing time."""

    channels: list[Channel] = Field(default_factory=list, description="sms, wechat; the message centre is always on.")
    quiet_start: time | None = Field(default=None, description="免打扰开始（北京时间）, e.g. 22:00")
    quiet_end: time | None = Field(default=None, description="免打扰结束（北京时间）, e.g. 07:00")
    phone: str | None = Field(default=None, pattern=r"^1\d{10}$")
    wechat_openid: str | None = Field(default=None, max_length=64)

    def to_domain(self) -> Preferences:
        return Preferences(frozenset(self.channels), self.quiet_start, self.quiet_end, self.phone,
                           self.wechat_openid).check()

    @classmethod
    def of(cls, chosen: Preferences) -> PreferencesBody:
        return cls(channels=sorted(chosen.channels), quiet_start=chosen.quiet_start, quiet_end=chosen.quiet_end,
                   phone=chosen.phone, wechat_openid=chosen.wechat_openid)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class MessageOut(_Answer):
    """One message of the centre; `read_at` is null while unread."""

    message_id: str
    category: str
    title: str
    body: str
    link: str = Field(description="Where the message leads (a page of the platform)")
    created_at: str
    read_at: str | None


class MessagesOut(_Answer):
    """A page of the person's messages, newest first, with the unread count of all of them."""

    items: list[MessageOut]
    unread: int
    page: int
    page_size: int


class UnreadOut(_Answer):
    """未读消息数."""

    unread: int


class MarkedOut(_Answer):
    """How many messages were marked read by this call."""

    marked: int
