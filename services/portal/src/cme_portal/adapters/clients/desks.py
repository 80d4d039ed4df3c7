"""The smaller APIs a desk reads: attendance (attendee lists), certificates, notifications (message centre)."""

from __future__ import annotations

from typing import Any

from cme_portal.adapters.clients.base import Answer, Endpoint, ServiceClient, endpoint

PREFERENCES = ("channels", "phone", "quiet_start", "quiet_end", "wechat_openid")
# What the pages read: the attendee list with its report's deadline, the learner's certificates, the messages.
ATTENDEES = ("project_name", "project_number", "required_hours", "report_due", "report_submitted",
             *(f"attendees[].{f}" for f in ("id_number", "name", "department", "title", "unit", "unit_location",
                                            "grassroots", "attended_hours", "preselected", "flags[].message",
                                            "days[].day", "days[].checked_in_at", "days[].checked_out_at",
                                            "days[].hours")))
CERTIFICATES = tuple(f"items[].{f}" for f in ("project_name", "certificate_number", "class_label", "credit_class",
                                              "credits", "pdf_url", "verify_url"))
MESSAGES = ("unread", "page_size", *(f"items[].{f}" for f in ("message_id", "category", "title", "body", "link",
                                                               "created_at", "read_at")))


class AttendanceClient(ServiceClient):
    """/api/attendance."""

    @endpoint("GET", "/api/attendance/sessions/{session_id}/attendees", reads=ATTENDEES)
    async def attendees(self, spec: Endpoint, session_id: str) -> Answer[dict[str, Any]]:
        """学员名单 of a session, with times, hours, flags and the report's deadline."""
        return await self._call(spec, path={"session_id": session_id})


class CertificatesClient(ServiceClient):
    """/api/certificates."""

    @endpoint("GET", "/api/certificates/mine", reads=CERTIFICATES)
    async def mine(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """The signed-in learner's certificates."""
        return await self._call(spec)


class NotificationsClient(ServiceClient):
    """/api/notifications."""

    @endpoint("GET", "/api/notifications/mine", query=("page", "page_size"), reads=MESSAGES)
    async def mine(self, spec: Endpoint, page: int, page_size: int = 20) -> Answer[dict[str, Any]]:
        """消息列表, newest first, with the unread count."""
        return await self._call(spec, params={"page": page, "page_size": page_size})

    @endpoint("GET", "/api/notifications/mine/unread-count", reads=("unread",))
    async def unread_count(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """The badge of the page shell."""
        return await self._call(spec)

    @endpoint("GET", "/api/notifications/preferences", reads=PREFERENCES)
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
