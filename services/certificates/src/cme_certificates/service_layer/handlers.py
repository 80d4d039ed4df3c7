"""Which handler answers which event: the one table of the certificates service's consumers."""

from __future__ import annotations

from cme_certificates.service_layer.events import record_approvals, revoke_for_credit
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_contracts import IntegrationEvent, topics
from cme_contracts.events import CreditApproved, CreditRevoked
from cme_platform.messaging import Batched, Handler

CONSUMER = "certificates"
TOPICS: tuple[str, ...] = (topics.CREDITS,)
HANDLERS: dict[type[IntegrationEvent], Handler[CertificatesUnitOfWork]] = {
    CreditApproved: Batched(record_approvals),
    CreditRevoked: revoke_for_credit,
}
