"""An in-memory unit of work, so a service layer's use cases and handlers are tested without servers.

It keeps the real one's contract where a use case can see it: entered with `async with`, changes
count only once committed, published events and audit entries are kept (and forgotten on
rollback), actions wait for the commit. The repositories are the service's fakes, each with a
contract test that runs the same scenarios against it and the PostgreSQL adapter.

A service whose fakes outgrow its tests' conftest keeps them in a module beside it, loaded with
`module_beside` (tests run with --import-mode=importlib, so a tests folder is no package).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from cme_contracts import Envelope, IntegrationEvent
from cme_platform.clock import Clock


class InMemoryUnitOfWork:
    """`InMemoryUnitOfWork(members=FakeUnitMemberRepository())`: `uow.members` is that fake."""

    def __init__(self, clock: Clock | None = None, source: str = "test", **repositories: Any):
        self.clock = clock or Clock()
        self.source = source
        self.published: list[Envelope] = []
        self.audited: list[dict] = []
        self.committed = False
        self._pending: list[Envelope] = []
        self._after_commit: list[Callable[[], Awaitable[None] | None]] = []
        for name, repository in repositories.items():
            setattr(self, name, repository)

    async def __aenter__(self) -> InMemoryUnitOfWork:
        self._pending, self._after_commit, self.committed = [], [], False
        return self

    async def __aexit__(self, *exc: object) -> None:
        if not self.committed:
            await self.rollback()

    async def commit(self) -> None:
        """The events queued in this unit count as published; the waiting actions run."""
        self.published.extend(self._pending)
        self._pending, self.committed = [], True
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            done = action()
            if done is not None:
                await done

    async def rollback(self) -> None:
        """Forget what this unit queued (the fakes' own state is theirs to keep or not)."""
        self._pending, self._after_commit = [], []

    def after_commit(self, action: Callable[[], Awaitable[None] | None]) -> None:
        self._after_commit.append(action)

    async def publish(self, event: IntegrationEvent, *, subject: str | None = None) -> Envelope:
        (envelope,) = await self.publish_many([event], subject=subject)
        return envelope

    async def publish_many(self, events: Sequence[IntegrationEvent], *, subject: str | None = None) -> list[Envelope]:
        envelopes = [Envelope(source=f"/cme/{self.source}", type=e.type_name(), time=self.clock.now(),
                              subject=subject or e.partition_key(), schemaversion=e.version,
                              data=e.model_dump(mode="json")) for e in events]
        self._pending.extend(envelopes)
        return envelopes

    async def audit(self, action: str, *, subject: str, actor: str | None = None, details: dict | None = None) -> None:
        self.audited.append({"action": action, "subject": subject, "actor": actor, "details": details or {}})

    def events(self, kind: type[IntegrationEvent]) -> list[dict]:
        """The data of the committed events of one kind, in the order published."""
        return [e.data for e in self.published if e.type == kind.type_name()]


def module_beside(anchor: str, filename: str) -> ModuleType:
    """The module in `filename` next to `anchor` (a conftest's `__file__`), imported by its path once.

    Its name carries the folder above (`projects_tests_fakes`), so each service's fakes are their own
    module; it is registered in `sys.modules` before it runs, as dataclasses and pickling look it up there.
    """
    path = Path(anchor).resolve().with_name(filename)
    name = f"{path.parent.parent.name}_{path.parent.name}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
