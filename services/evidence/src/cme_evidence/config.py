"""Settings of the evidence service (all `CME_*` variables; see cme_platform.settings)."""

from cme_platform.settings import ServiceSettings


class EvidenceSettings(ServiceSettings):
    """The evidence service reads only the shared settings so far."""

    service_name: str = "evidence"
