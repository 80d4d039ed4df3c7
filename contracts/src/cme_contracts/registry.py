"""Lookup from a CloudEvents `type` to its model."""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from cme_contracts.base import IntegrationEvent
from cme_contracts.envelope import Envelope

T = TypeVar("T")


def _subclasses(cls: type[T]) -> list[type[T]]:
    found: list[type[T]] = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


@cache
def registered_events() -> dict[str, type[IntegrationEvent]]:
    """Every published event model, by full type name."""
    import cme_contracts.events  # noqa: F401  (importing registers the models)

    # Intermediate bases (one per topic) declare no event_type and are not events; models
    # defined elsewhere (tests) are not part of the published language.
    return {
        m.type_name(): m
        for m in _subclasses(IntegrationEvent)
        if getattr(m, "event_type", None) and m.__module__.startswith("cme_contracts.events")
    }


def event_class(type_name: str) -> type[IntegrationEvent]:
    """The model for a type name; KeyError names the unknown type."""
    try:
        return registered_events()[type_name]
    except KeyError:
        raise KeyError(f"unknown event type {type_name!r}") from None


def parse_event(envelope: Envelope) -> IntegrationEvent:
    """The typed payload of an envelope (pydantic.ValidationError if it does not fit).

    Fields the model does not know are ignored: they were added by a later release of the
    producer, and an older consumer must still handle the event, not dead-letter it.
    """
    return event_class(envelope.type).model_validate(envelope.data, extra="ignore")
