"""Which handler answers which event: the one table of the attendance service's consumers.

The table is built by `bootstrap` with the adapters its handlers need (the nonce memory).

Unlike the use cases, an event handler is handed a unit of work already entered: the consumer
opens it to claim the inbox row, so that the claim and the handler's writes commit together
(a redelivered event then finds its claim), and commits it itself.
"""

from __future__ import annotations

from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.service_layer.sessions import on_hold_application_approved
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_attendance.service_layer.uploads import ingest
from cme_contracts import IntegrationEvent, topics
from cme_contracts.events import HoldApplicationApproved, ScanRecordSubmitted
from cme_platform.messaging import Batched, Handler

CONSUMER = "attendance"
TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.SCAN_INGEST)


def handlers(memory: NonceMemory) -> dict[type[IntegrationEvent], Handler[AttendanceUnitOfWork]]:
    """Each event type the consumer takes, and its handler."""
    return {
        HoldApplicationApproved: on_hold_application_approved,
        ScanRecordSubmitted: Batched(ingest(memory)),
    }
