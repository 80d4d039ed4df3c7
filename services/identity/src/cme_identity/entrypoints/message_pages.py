"""The message centre on every desk (消息中心): the list, and marking messages read."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cme_identity.entrypoints.web import call, page, viewer

pages = APIRouter(tags=["pages"], include_in_schema=False)


@pages.get("/me/messages", response_class=HTMLResponse)
async def messages(request: Request, page_no: int = 1) -> Response:
    """消息列表: the signed-in person's messages, newest first, unread ones marked."""
    request.state.viewer = await viewer(request)
    if request.state.viewer is None:
        return RedirectResponse("/login", status_code=303)
    answer = await call(request, "GET", "/api/notifications/mine", params={"page": page_no, "page_size": 20})
    request.state.unread = answer.data["unread"] if answer.ok else None
    preferences = await call(request, "GET", "/api/notifications/preferences")
    return page(request, "messages.html", answer=answer, page_no=page_no, preferences=preferences)


@pages.post("/me/messages/preferences")
async def save_preferences(request: Request, channels: list[str] = Form([]), phone: str = Form(""),
                           quiet_start: str = Form(""), quiet_end: str = Form(""),
                           wechat_openid: str = Form("")) -> Response:
    """通知设置: SMS/WeChat and quiet hours (Beijing time), from the message page. The WeChat
    binding comes from the platform's official account, so the page carries it back unchanged."""
    body = {"channels": channels, "phone": phone.strip() or None, "quiet_start": quiet_start or None,
            "quiet_end": quiet_end or None, "wechat_openid": wechat_openid or None}
    answer = await call(request, "PUT", "/api/notifications/preferences", json=body)
    return _back(answer.error or "通知设置已保存")


@pages.post("/me/messages/read-all")
async def read_all(request: Request) -> Response:
    """全部标为已读."""
    answer = await call(request, "POST", "/api/notifications/mine/read")
    return _back(answer.error or "已全部标为已读")


@pages.post("/me/messages/{message_id}/read")
async def read_one(request: Request, message_id: str) -> Response:
    """标为已读 one message, then back to the list."""
    answer = await call(request, "POST", f"/api/notifications/{message_id}/read")
    return _back(answer.error or "已标为已读")


def _back(notice: str) -> Response:
    return RedirectResponse(f"/me/messages?notice={quote(notice)}", status_code=303)
