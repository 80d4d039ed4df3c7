"""Wiring of the evidence service: real adapters for a running process."""

from datetime import timedelta

from cme_evidence.config import EvidenceSettings
from cme_evidence.service_layer import handlers
from cme_evidence.service_layer.orphans import orphan_gauge_loop
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork
from cme_platform.runtime import Runtime


def bootstrap(settings: EvidenceSettings) -> Runtime[EvidenceUnitOfWork]:
    """The runtime of one evidence process: units of work on the evidence repository, S3 (bucket made at start),
    consumers, the orphan gauge."""
    runtime = Runtime(settings, EvidenceUnitOfWork)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    runtime.loops.append(orphan_gauge_loop(
        runtime, timedelta(hours=settings.evidence_orphan_after_hours), settings.evidence_orphan_report_seconds,
    ))
    return runtime
