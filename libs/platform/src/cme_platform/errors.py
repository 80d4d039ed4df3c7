"""Errors people and systems can act on: a machine-readable code and a Chinese message."""

from __future__ import annotations

from cme_contracts.errors import DomainError

__all__ = ["Conflict", "DomainError", "Forbidden", "NotFound"]


class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know it exists)."""

    status_code = 404


class Forbidden(DomainError):
    """The caller's role or scope does not allow this."""

    status_code = 403


class Conflict(DomainError):
    """The request contradicts the current state (a stale version, a duplicate)."""

    status_code = 409
