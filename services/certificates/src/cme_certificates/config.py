"""Settings of the certificates service (all `CME_*` variables; see cme_platform.settings)."""

from cme_platform.settings import ServiceSettings


class CertificatesSettings(ServiceSettings):
    """The certificates service reads only the shared settings so far."""

    service_name: str = "certificates"
