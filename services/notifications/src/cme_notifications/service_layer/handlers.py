"""Which handler answers which event: the one table of the notifications service's consumer."""

from __future__ import annotations

from cme_contracts import IntegrationEvent, topics
from cme_contracts import events as e
from cme_notifications.service_layer import events as on
from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from cme_platform.messaging import Handler

TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.ATTENDANCE, topics.CREDITS, topics.CERTIFICATES,
                           topics.EVIDENCE, topics.IDENTITY)
HANDLERS: dict[type[IntegrationEvent], Handler[NotificationsUnitOfWork]] = {
    e.HoldApplicationSubmitted: on.hold_application_submitted,
    e.HoldApplicationApproved: on.hold_application_approved,
    e.HoldApplicationReturned: on.hold_application_returned,
    e.ExecutionReported: on.execution_reported,
    e.CreditApproved: on.credit_approved,
    e.CreditRejected: on.credit_rejected,
    e.CreditRevoked: on.credit_revoked,
    e.CertificateIssued: on.certificate_issued,
    e.CertificateRevoked: on.certificate_revoked,
    e.EvidenceRefused: on.evidence_refused,
    e.AccountApproved: on.account_approved,
    e.AccountRejected: on.account_rejected,
}
