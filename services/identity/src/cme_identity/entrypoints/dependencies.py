"""What a route or page is handed besides its input: a fresh, un-entered unit of work for its use case."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from cme_identity.service_layer.unit_of_work import IdentityUnitOfWork


def unit_of_work(request: Request) -> IdentityUnitOfWork:
    """A new unit of work of this process's runtime; the use case opens and commits it.

    A page whose use cases run one after another hands them the same unit: each enters it anew,
    on a session of its own.
    """
    return request.app.state.runtime.uow()


UoW = Annotated[IdentityUnitOfWork, Depends(unit_of_work)]
