"""Wiring of the attendance service: real adapters for a running process."""

from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.config import AttendanceSettings
from cme_attendance.service_layer import handlers
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_attendance.service_layer.upload_groups import UploadGroups
from cme_platform.runtime import Runtime


def bootstrap(settings: AttendanceSettings) -> Runtime[AttendanceUnitOfWork]:
    """The runtime of one attendance process, its units of work on the attendance repositories, its consumer
    registered with the adapters its handlers need."""
    runtime = Runtime(settings, AttendanceUnitOfWork)
    assert runtime.redis is not None, "attendance needs Redis (CME_REDIS_URL): tickets and the nonce memory"
    runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.handlers(NonceMemory(runtime.redis)))
    return runtime


def upload_groups(runtime: Runtime[AttendanceUnitOfWork], settings: AttendanceSettings) -> UploadGroups:
    """The process's writer of single-record uploads (group commit), on its units of work and nonce memory."""
    assert runtime.redis is not None, "attendance needs Redis (CME_REDIS_URL): the nonce memory"
    return UploadGroups(runtime.uow, NonceMemory(runtime.redis), largest=settings.max_batch_records)
