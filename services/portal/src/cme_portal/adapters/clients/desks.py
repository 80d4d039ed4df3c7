"""The smaller APIs a desk reads: attendance (attendee lists), certificates, notifications (message centre)."""

from __future__ import annotations

from typing import Any

from cme_portal.adapters.clients.base import Answer, Endpoint, ServiceClient, endpoint

PREFERENCES = ("channels", "phone", "quiet_start", "quiet_end", "wechat_openid")


class AttendanceClient(ServiceClient):
    """/api/attendance."""

    @endpoint("GET", "/api/attendance/sessions/{session_id}/attendees", reads=("report_due",))
    async def attendees(self, spec: Endpoint, session_id: str) -> Answer[dict[str, Any]]:
        """学员名单 of a session, with times, hours, flags and the report's deadline."""
        return await self._call(spec, path={"session_id": session_id})


class CertificatesClient(ServiceClient):
    """/api/certificates."""

    @endpoint("GET", "/api/certificates/mine")
    async def mine(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """The signed-in learner's certificates."""
        return await self._call(spec)


class NotificationsClient(ServiceClient):
    """/api/notifications."""

    @endpoint("GET", "/api/notifications/mine", query=("page", "page_size"), reads=("unread",))
    async def mine(self, spec: Endpoint, page: int, page_size: int = 20) -> Answer[dict[str, Any]]:
        """消息列表, newest first, with the unread count."""
        return await self._call(spec, params={"page": page, "page_size": page_size})

    @endpoint("GET", "/api/notifications/mine/unread-count", reads=("unread",))
    async def unread_count(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """The badge of the page shell."""
        return await self._call(spec)

    @endpoint("GET", "/api/notifications/preferences")
    async def preferences(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """通知设置 as stored."""
        return await self._call(spec)

    @endpoint("PUT", "/api/notifications/preferences", body=PREFERENCES)
    async def save_preferences(self, spec: Endpoint, preferences: dict[str, Any]) -> Answer[dict[str, Any]]:
        """通知设置 saved (channels, phone, quiet hours, the WeChat binding carried back)."""
        return await self._call(spec, json=preferences)

    @endpoint("POST", "/api/notifications/mine/read")
    async def read_all(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """全部标为已读."""
        return await self._call(spec)

    @endpoint("POST", "/api/notifications/{message_id}/read")
    async def read(self, spec: Endpoint, message_id: str) -> Answer[dict[str, Any]]:
        """标为已读 one message."""
        return await self._call(spec, path={"message_id": message_id})
