"""The published language of the CME platform.

Integration events are the only thing services share: pydantic models, versioned by
adding (optional fields only within a version; a breaking change is a new version), carried
in a CloudEvents 1.0 envelope. JSON Schemas and the AsyncAPI document in this folder are
generated from these models and checked in.
"""

from cme_contracts.base import IntegrationEvent
from cme_contracts.envelope import Envelope
from cme_contracts.registry import event_class, parse_event, registered_events

__all__ = ["Envelope", "IntegrationEvent", "event_class", "parse_event", "registered_events"]
