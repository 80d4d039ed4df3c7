"""Settings of the projects service (all `CME_*` variables; see cme_platform.settings)."""

from cme_platform.settings import ServiceSettings


class ProjectsSettings(ServiceSettings):
    """The projects service reads only the shared settings so far."""

    service_name: str = "projects"
