"""Wiring of the credits service: real adapters for a running process."""

from cme_platform.runtime import Runtime
from cme_credits.config import CreditsSettings
from cme_credits.service_layer import handlers
from cme_credits.domain.rules import check_rule_files


def bootstrap(settings: CreditsSettings) -> Runtime:
    """The runtime of one credits process, with its consumers registered."""
    check_rule_files()  # a typo in a jurisdiction's rules stops the service here, naming the file
    runtime = Runtime(settings)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
