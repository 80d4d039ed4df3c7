"""Which handler answers which event: the one table of the evidence service's consumers."""

from __future__ import annotations

from cme_contracts import IntegrationEvent, topics
from cme_contracts.events import CreditEntered, HoldApplicationApproved, HoldApplicationSubmitted
from cme_evidence.service_layer import in_use
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork
from cme_platform.messaging import Handler

CONSUMER = "evidence"
TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.CREDITS)
HANDLERS: dict[type[IntegrationEvent], Handler[EvidenceUnitOfWork]] = {
    HoldApplicationSubmitted: in_use.on_hold_application_submitted,
    HoldApplicationApproved: in_use.on_hold_application_approved,
    CreditEntered: in_use.on_credit_entered,
}
