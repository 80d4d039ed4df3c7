"""Settings of the attendance service (all `CME_*` variables; see cme_platform.settings)."""

from cme_platform.settings import ServiceSettings


class AttendanceSettings(ServiceSettings):
    """The attendance service reads only the shared settings so far."""

    service_name: str = "attendance"
