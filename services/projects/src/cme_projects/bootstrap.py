"""Wiring of the projects service: real adapters for a running process."""

from cme_platform.runtime import Runtime
from cme_projects.config import ProjectsSettings
from cme_projects.service_layer import handlers
from cme_projects.service_layer.unit_of_work import ProjectsUnitOfWork


def bootstrap(settings: ProjectsSettings) -> Runtime[ProjectsUnitOfWork]:
    """The runtime of one projects process, its units of work on the projects repositories, its consumers
    registered."""
    runtime = Runtime(settings, ProjectsUnitOfWork)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
