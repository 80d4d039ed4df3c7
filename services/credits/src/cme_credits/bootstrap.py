"""Wiring of the credits service: real adapters for a running process."""

from cme_credits.config import CreditsSettings
from cme_credits.service_layer import handlers
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork
from cme_platform.runtime import Runtime


def bootstrap(settings: CreditsSettings) -> Runtime[CreditsUnitOfWork]:
    """The runtime of one credits process, its units of work on the credits repositories, its consumers registered."""
    runtime = Runtime(settings, CreditsUnitOfWork)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
