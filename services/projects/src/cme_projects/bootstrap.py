"""Wiring of the projects service: real adapters for a running process."""

from cme_platform.runtime import Runtime
from cme_projects.config import ProjectsSettings
from cme_projects.service_layer import handlers
from cme_projects.domain.rules import check_rule_files


def bootstrap(settings: ProjectsSettings) -> Runtime:
    """The runtime of one projects process, with its consumers registered."""
    check_rule_files()  # a typo in a jurisdiction's rules stops the service here, naming the file
    runtime = Runtime(settings)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
