"""Per-person preferences: which channels besides the message centre, and quiet hours.

Quiet hours are in Beijing time and may run over midnight (22:00–07:00). A message that falls
in them is held and sent when they end; the in-app message centre is never held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum

from cme_notifications.domain.model import BEIJING
from cme_platform.errors import DomainError


class Channel(StrEnum):
    """Where a message goes besides the message centre (站内消息, always on)."""

    SMS = "sms"  # 短信
    WECHAT = "wechat"  # 微信服务通知


@dataclass(frozen=True)
class Preferences:
    """One person's choices; by default only the message centre."""

    channels: frozenset[Channel] = field(default_factory=frozenset)
    quiet_start: time | None = None
    quiet_end: time | None = None
    phone: str | None = None
    wechat_openid: str | None = None

    def check(self) -> Preferences:
        """Refuse a channel without an address, and half-given quiet hours."""
        for channel in self.channels:
            if not self.address_for(channel):
                raise DomainError("preferences.address_missing", "选择短信须填写手机号，选择微信须先绑定微信",
                                  channel=channel.value)
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise DomainError("preferences.quiet_hours_incomplete", "免打扰时段须同时填写开始和结束时间")
        return self

    def address_for(self, channel: Channel) -> str | None:
        """The number or WeChat id this channel sends to, if the person gave one."""
        return self.phone if channel is Channel.SMS else self.wechat_openid

    def in_quiet_hours(self, moment: time) -> bool:
        """Whether a Beijing wall-clock time falls in the quiet hours."""
        if self.quiet_start is None or self.quiet_end is None or self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end  # over midnight

    def release_at(self, now: datetime) -> datetime:
        """When a message written now may go out: now, or the end of the quiet hours (UTC)."""
        local = now.astimezone(BEIJING)
        quiet_end = self.quiet_end
        if quiet_end is None or not self.in_quiet_hours(local.time()):  # no quiet hours, or not now
            return now
        end = local.replace(hour=quiet_end.hour, minute=quiet_end.minute, second=0, microsecond=0)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(now.tzinfo)
