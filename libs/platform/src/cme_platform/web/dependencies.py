"""What every service's routes are handed besides their input."""

from __future__ import annotations

from fastapi import Request

from cme_platform.db import UnitOfWork


async def unit_of_work(request: Request) -> UnitOfWork:
    """A fresh, un-entered unit of work of this process's runtime (the service's own class); the use
    case opens and commits it. A service names it for its routes as
    `UoW = Annotated[<Name>UnitOfWork, Depends(unit_of_work)]`.

    A route whose use cases run one after another (a page reading the session, then recording the
    scan) hands them the same unit: each enters it anew, on a session of its own.

    `async`, though it awaits nothing: FastAPI runs a plain `def` dependency in its thread pool,
    and that hop on every request was a tenth of a public read's CPU (bench/PROFILE.md).
    """
    return request.app.state.runtime.uow()
