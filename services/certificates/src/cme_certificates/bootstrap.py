"""Wiring of the certificates service: real adapters for a running process."""

from cme_platform.runtime import Runtime
from cme_certificates.config import CertificatesSettings
from cme_certificates.service_layer import handlers


def bootstrap(settings: CertificatesSettings) -> Runtime:
    """The runtime of one certificates process, with its consumers registered."""
    runtime = Runtime(settings)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
