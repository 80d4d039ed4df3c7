"""The base of every integration event."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


def _open_content(schema: dict[str, Any]) -> None:
    # `additionalProperties: false` would tell an outside consumer that validates with the
    # schema to refuse what a later release adds: the schema describes a version's fields,
    # not a promise that no field will ever be added.
    schema.pop("additionalProperties", None)


class IntegrationEvent(BaseModel):
    """A fact one service publishes for others.

    Subclasses declare where they travel and how they are keyed, so that topics and partition
    keys are named once, beside the model:

    - `event_type`: the CloudEvents `type` without the version suffix.
    - `version`: the schema version; a breaking change is a new class with a new version.
    - `topic`: the Kafka topic (one of `cme_contracts.topics`).
    - `key_field`: the payload field whose value is the partition key, so that one
      session's or one person's events stay in order.

    Strict where an event is made, tolerant where it is read: constructing a model (a
    producer, an HTTP request body) refuses a field it does not define, so a typo fails at
    once; `parse_event`, which every consumer reads through, ignores unknown fields, so an
    event from a later release that added an optional field is still handled (contracts
    evolve by adding). The published schemas are open for the same reason.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_open_content)

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
