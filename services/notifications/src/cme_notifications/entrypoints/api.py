"""HTTP API of the notifications service (`/api/notifications/...`): the signed-in person's
message centre and preferences."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from cme_notifications.entrypoints.dependencies import UoW
from cme_notifications.entrypoints.schemas import MarkedOut, MessagesOut, PreferencesBody, UnreadOut
from cme_notifications.service_layer import centre
from cme_platform.auth import Principal, current_principal

router = APIRouter(prefix="/api/notifications", tags=["notifications"])


@router.get("/mine", response_model=MessagesOut)
async def my_messages(uow: UoW, unread_only: bool = False, page: int = Query(1, ge=1, le=100_000),
                      page_size: int = Query(20, ge=1, le=100),
                      me: Principal = Depends(current_principal)) -> dict:
    """消息列表: the signed-in person's messages, newest first, with the unread count."""
    return await centre.my_messages(uow, me, unread_only=unread_only, page=page, page_size=page_size)


@router.get("/mine/unread-count", response_model=UnreadOut)
async def unread_count(uow: UoW, me: Principal = Depends(current_principal)) -> dict:
    """未读消息数: the badge every desk shows."""
    return {"unread": await centre.unread_count(uow, me)}


@router.post("/mine/read", response_model=MarkedOut)
async def mark_all_read(uow: UoW, me: Principal = Depends(current_principal)) -> dict:
    """全部标为已读."""
    return {"marked": await centre.mark_read(uow, me)}


@router.post("/{message_id}/read", response_model=MarkedOut)
async def mark_read(uow: UoW, message_id: str, me: Principal = Depends(current_principal)) -> dict:
    """标为已读: one of the person's messages (404 for anyone else's)."""
    return {"marked": await centre.mark_read(uow, me, message_id)}


@router.get("/preferences")
async def get_preferences(uow: UoW, me: Principal = Depends(current_principal)) -> PreferencesBody:
    """通知设置: channels and quiet hours."""
    return PreferencesBody.of(await centre.preferences_of(uow, me))


@router.put("/preferences")
async def put_preferences(uow: UoW, body: PreferencesBody,
                          me: Principal = Depends(current_principal)) -> PreferencesBody:
    """Save channels and quiet hours (Beijing time); messages in quiet hours are sent when they end."""
    return PreferencesBody.of(await centre.save_preferences(uow, me, body.to_domain()))
