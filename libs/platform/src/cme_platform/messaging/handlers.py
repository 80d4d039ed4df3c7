"""What a service hands its consumer: one handler per event type, each given the unit of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic

from typing_extensions import TypeVar

from cme_contracts import IntegrationEvent
from cme_platform.db.uow import UnitOfWork

# The unit of work the consumer opens (a service's own class), and the event a handler takes.
UoW = TypeVar("UoW", bound=UnitOfWork, default=UnitOfWork)
E = TypeVar("E", bound=IntegrationEvent, default=IntegrationEvent)

Handler = Callable[[Any, UoW], Awaitable[None]]
"""Handles one event inside a unit of work (shared with the rest of its batch); the consumer commits it.

The event is `Any` because each handler takes the one event type its key in the handler table
names (`{ProjectPublished: on_project_published}`), which a mapping's value type cannot say;
the consumer only ever hands it an event parsed as that type."""


@dataclass(frozen=True)
class Batched(Generic[E, UoW]):
    """A handler that takes a run of consecutive events of its type at once, for set-based
    work (one read of what they name, one multi-row write); alone, an event is a run of one."""

    handle: Callable[[list[E], UoW], Awaitable[None]]

    async def __call__(self, event: E, uow: UoW) -> None:
        await self.handle([event], uow)
