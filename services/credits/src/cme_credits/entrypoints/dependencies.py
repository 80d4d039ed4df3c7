"""What a route is handed besides its input: a fresh, un-entered unit of work for its use case, and today."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork
from cme_platform.web.dependencies import unit_of_work


async def today(request: Request) -> date:
    """The date early-review windows are judged on (the settings may fix it)."""
    runtime = request.app.state.runtime
    return runtime.settings.today(runtime.clock)


UoW = Annotated[CreditsUnitOfWork, Depends(unit_of_work)]
Today = Annotated[date, Depends(today)]
