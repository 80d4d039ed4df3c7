"""Where the current request or event came from, carried through async code.

The HTTP middleware and the consumer set these; logs and newly published events read them,
so one learner's journey can be followed across services.
"""

from __future__ import annotations

import secrets
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class TraceContext:
    """Correlation of one journey: who started it, what caused this step, the W3C trace."""

    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None
    actor: str | None = None  # 操作人: the account that asked for this change, set by auth
    actor_role: str | None = None


_current: ContextVar[TraceContext] = ContextVar("cme_trace", default=TraceContext())


def current() -> TraceContext:
    """The trace context of the work in progress."""
    return _current.get()


def use(ctx: TraceContext):
    """Make ctx current; returns a token for `reset`."""
    return _current.set(ctx)


def reset(token) -> None:
    """Restore the context that was current before `use`."""
    _current.reset(token)


def act_as(actor: str, role: str | None = None):
    """Record who is acting in the current context (for audit records); returns a reset token."""
    return _current.set(replace(_current.get(), actor=actor, actor_role=role))


def new_traceparent(parent: str | None = None) -> str:
    """A W3C traceparent for a new span: same trace as parent if given, else a new trace."""
    trace_id = parent.split("-")[1] if parent and parent.count("-") == 3 else secrets.token_hex(16)
    return f"00-{trace_id}-{secrets.token_hex(8)}-01"
