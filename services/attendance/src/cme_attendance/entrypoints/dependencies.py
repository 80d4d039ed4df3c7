"""What a route is handed besides its input: a fresh, un-entered unit of work for its use case."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork


def unit_of_work(request: Request) -> AttendanceUnitOfWork:
    """A new unit of work of this process's runtime; the use case opens and commits it.

    A route whose use cases run one after another (a page reading the session, then recording the
    scan) hands them the same unit: each enters it anew, on a session of its own.
    """
    return request.app.state.runtime.uow()


UoW = Annotated[AttendanceUnitOfWork, Depends(unit_of_work)]
