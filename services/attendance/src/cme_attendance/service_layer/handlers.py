"""Which handler answers which event: the one table of the attendance service's consumers."""

from __future__ import annotations

from cme_attendance.service_layer.batches import on_scan_records_submitted
from cme_attendance.service_layer.sessions import on_hold_application_approved
from cme_contracts import topics
from cme_contracts.events import HoldApplicationApproved, ScanRecordSubmitted
from cme_platform.messaging import Batched

CONSUMER = "attendance"
TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.SCAN_INGEST)
HANDLERS: dict = {
    HoldApplicationApproved: on_hold_application_approved,
    ScanRecordSubmitted: Batched(on_scan_records_submitted),
}
