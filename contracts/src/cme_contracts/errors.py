"""The error shape every service answers with: a machine-readable code and a Chinese message.

It is part of the published language (outside systems read `error.code`), so it lives here;
the platform's web layer turns a `DomainError` into that shape.
"""

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
