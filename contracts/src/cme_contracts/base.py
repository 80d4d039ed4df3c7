"""The base of every integration event."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class IntegrationEvent(BaseModel):
    """A fact one service publishes for others.

    Subclasses declare where they travel and how they are keyed, so that topics and partition
    keys are named once, beside the model:

    - `event_type`: the CloudEvents `type` without the version suffix.
    - `version`: the schema version; a breaking change is a new class with a new version.
    - `topic`: the Kafka topic (one of `cme_contracts.topics`).
    - `key_field`: the payload field whose value is the partition key, so that one
      session's or one person's events stay in order.

    Unknown fields are ignored when an event is read; where a model doubles as an HTTP
    request body, the service reads it through a subclass with `extra="forbid"`, so a
    caller's typo is refused rather than dropped.
    """

    # Read tolerantly: a later release may add optional fields (contracts evolve by adding),
    # and an older consumer must still handle the event rather than dead-letter it. Producing
    # stays strict by construction: a model only ever dumps the fields it defines.
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    version: ClassVar[int] = 1
    topic: ClassVar[str]
    key_field: ClassVar[str]

    @classmethod
    def type_name(cls) -> str:
        """The full CloudEvents type, e.g. `cme.attendance.CheckedIn.v1`."""
        return f"{cls.event_type}.v{cls.version}"

    def partition_key(self) -> str:
        """The value that decides the partition (and so the ordering scope)."""
        return str(getattr(self, self.key_field))
