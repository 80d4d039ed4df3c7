"""Wiring of the attendance service: real adapters for a running process."""

from cme_platform.runtime import Runtime
from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.config import AttendanceSettings
from cme_attendance.service_layer import handlers


def bootstrap(settings: AttendanceSettings) -> Runtime:
    """The runtime of one attendance process, with its consumer and the adapters its handlers need."""
    runtime = Runtime(settings)
    runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.handlers(NonceMemory(runtime.redis)))
    return runtime
