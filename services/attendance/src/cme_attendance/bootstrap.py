"""Wiring of the attendance service: real adapters for a running process."""

from cme_attendance.config import AttendanceSettings
from cme_attendance.service_layer import handlers
from cme_platform.runtime import Runtime


def bootstrap(settings: AttendanceSettings) -> Runtime:
    """The runtime of one attendance process, with its consumers registered."""
    runtime = Runtime(settings)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
