"""Errors people and systems can act on: a machine-readable code and a Chinese message."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal by the domain rules (HTTP 422 unless a subclass says otherwise).

    `code` is stable and machine readable (`hold_application.too_late`); `message` is the
    Chinese sentence shown to people; `details` carries the values the message names.
    """

    status_code = 422

    def __init__(self, code: str, message: str, **details: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """The JSON body of the error response."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know it exists)."""

    status_code = 404


class Forbidden(DomainError):
    """The caller's role or scope does not allow this."""

    status_code = 403


class Conflict(DomainError):
    """The request contradicts the current state (a stale version, a duplicate)."""

    status_code = 409
