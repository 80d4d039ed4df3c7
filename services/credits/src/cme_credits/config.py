"""Settings of the credits service (all `CME_*` variables; see cme_platform.settings)."""

from cme_platform.settings import ServiceSettings


class CreditsSettings(ServiceSettings):
    """The credits service reads only the shared settings so far."""

    service_name: str = "credits"
