"""What a route is handed besides its input: a fresh, un-entered unit of work for its use case."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from cme_platform.web.dependencies import unit_of_work

UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]
