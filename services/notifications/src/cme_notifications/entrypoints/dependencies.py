"""What a route is handed besides its input: a fresh, un-entered unit of work for its use case."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork


def unit_of_work(request: Request) -> NotificationsUnitOfWork:
    """A new unit of work of this process's runtime; the use case opens and commits it."""
    return request.app.state.runtime.uow()


UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]
