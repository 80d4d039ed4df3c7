"""The message centre on every desk (消息中心): the list, and marking messages read."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cme_portal.entrypoints.form_errors import FormErrors, answered
from cme_portal.entrypoints.web import page, services, viewer

pages = APIRouter(tags=["pages"], include_in_schema=False)
# The notifications API's fields and codes → the preference form's fields; both times share one wrapper.
PREFERENCE_FIELDS = {"phone": "phone", "preferences.address_missing": "phone", "quiet_start": "quiet_hours",
                     "quiet_end": "quiet_hours", "preferences.quiet_hours_incomplete": "quiet_hours",
                     "channels": "channels"}


@pages.get("/me/messages", response_class=HTMLResponse)
async def messages(request: Request, page_no: int = 1) -> Response:
    """消息列表: the signed-in person's messages, newest first, unread ones marked."""
    request.state.viewer = await viewer(request)
    if request.state.viewer is None:
        return RedirectResponse("/login", status_code=303)
    return await _centre(request, page_no)


async def _centre(request: Request, page_no: int, status_code: int = 200, errors: FormErrors | None = None,
                  typed: dict | None = None) -> Response:
    notifications = services(request).notifications
    answer = await notifications.mine(page_no, page_size=20)
    request.state.unread = answer.value["unread"] if answer.ok else None
    preferences = await notifications.preferences()
    if typed is not None and preferences.ok:  # a refused form shows what was typed, not what is stored
        preferences.data = preferences.value | typed
    return page(request, "messages.html", status_code, answer=answer, page_no=page_no, preferences=preferences,
                errors=errors)


@pages.post("/me/messages/preferences")
async def save_preferences(request: Request, channels: list[str] = Form([]), phone: str = Form(""),
                           quiet_start: str = Form(""), quiet_end: str = Form(""),
                           wechat_openid: str = Form("")) -> Response:
    """通知设置: SMS/WeChat and quiet hours (Beijing time), from the message page. The WeChat
    binding comes from the platform's official account, so the page carries it back unchanged.
    A refusal shows the form again, each problem under its field."""
    body = {"channels": channels, "phone": phone.strip() or None, "quiet_start": quiet_start or None,
            "quiet_end": quiet_end or None, "wechat_openid": wechat_openid or None}
    answer = await services(request).notifications.save_preferences(body)
    if answer.ok:
        return _back("通知设置已保存")
    request.state.viewer = await viewer(request)
    return await _centre(request, 1, 422, errors=answered(answer, PREFERENCE_FIELDS), typed=body)


@pages.post("/me/messages/read-all")
async def read_all(request: Request) -> Response:
    """全部标为已读."""
    answer = await services(request).notifications.read_all()
    return _back(answer.error or "已全部标为已读")


@pages.post("/me/messages/{message_id}/read")
async def read_one(request: Request, message_id: str) -> Response:
    """标为已读 one message, then back to the list."""
    answer = await services(request).notifications.read(message_id)
    return _back(answer.error or "已标为已读")


def _back(notice: str) -> Response:
    return RedirectResponse(f"/me/messages?notice={quote(notice)}", status_code=303)
