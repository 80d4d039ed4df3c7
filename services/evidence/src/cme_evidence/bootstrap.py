"""Wiring of the evidence service: real adapters for a running process."""

from cme_platform.runtime import Runtime
from cme_evidence.config import EvidenceSettings
from cme_evidence.service_layer import handlers


def bootstrap(settings: EvidenceSettings) -> Runtime:
    """The runtime of one evidence process, with its consumers registered."""
    runtime = Runtime(settings)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
