"""The event envelope: CloudEvents 1.0 attributes plus tracing and versioning.

Every message on every topic is one `Envelope` serialised as JSON (CloudEvents structured
mode). `data` holds the integration event's payload; `type` names its model and version.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def _now() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    """A CloudEvents 1.0 event with the platform's extension attributes."""

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: str = "1.0"
    id: str = Field(
        default_factory=lambda: str(uuid.uuid4()), description="Unique per event; consumers deduplicate on it."
    )
    source: str = Field(description="The service that produced the event, e.g. `/cme/attendance`.")
    type: str = Field(description="Event type and version, e.g. `cme.attendance.CheckedIn.v1`.")
    time: datetime = Field(default_factory=_now)
    subject: str | None = Field(default=None, description="What the event is about, e.g. a session or credit id.")
    datacontenttype: str = "application/json"
    schemaversion: int = Field(default=1, description="Version of the payload schema named by `type`.")
    correlationid: str | None = Field(default=None, description="Shared by every event of one user journey.")
    causationid: str | None = Field(default=None, description="Id of the event or request that caused this one.")
    traceparent: str | None = Field(default=None, description="W3C trace context of the producing span.")
    data: dict[str, Any] = Field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """Serialise for the wire (UTF-8 JSON)."""
        return self.model_dump_json(exclude_none=True).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        """Parse a wire message; raises pydantic.ValidationError (or ValueError) on malformed input.

        A received event must carry its own `id` and `specversion`, as CloudEvents requires:
        made up here, the id would let a redelivered event past the consumer's inbox.
        """
        envelope = cls.model_validate_json(raw)
        missing = [name for name in ("id", "specversion") if name not in envelope.model_fields_set]
        if missing:
            raise ValueError(f"CloudEvents attribute missing: {', '.join(missing)}")
        return envelope
