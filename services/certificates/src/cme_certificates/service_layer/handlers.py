"""Which handler answers which event: the one table of the certificates service's consumers."""

from __future__ import annotations

from cme_certificates.service_layer.events import record_approvals, revoke_for_credit
from cme_contracts import topics
from cme_contracts.events import CreditApproved, CreditRevoked
from cme_platform.messaging import Batched

CONSUMER = "certificates"
TOPICS: tuple[str, ...] = (topics.CREDITS,)
HANDLERS: dict = {
    CreditApproved: Batched(record_approvals),
    CreditRevoked: revoke_for_credit,
}
