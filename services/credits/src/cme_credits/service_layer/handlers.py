"""Which handler answers which event: the one table of the credits service's consumers.

Unlike the use cases, an event handler is handed a unit of work already entered: the consumer
opens it to claim the inbox row, so that the claim and the handler's writes commit together
(a redelivered event then finds its claim), and commits it itself.
"""

from __future__ import annotations

from cme_contracts import IntegrationEvent, topics
from cme_contracts.events import AccountApproved, AccountRejected, EvidenceStored, ExecutionReported, ProjectPublished
from cme_credits.service_layer import evidence_mirror, project_mirror, sessions, unit_members
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork
from cme_platform.messaging import Handler

CONSUMER = "credits"
TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.ATTENDANCE, topics.EVIDENCE, topics.IDENTITY)
HANDLERS: dict[type[IntegrationEvent], Handler[CreditsUnitOfWork]] = {
    ProjectPublished: project_mirror.on_project_published,
    ExecutionReported: sessions.on_execution_reported,
    EvidenceStored: evidence_mirror.on_evidence_stored,
    AccountApproved: unit_members.on_account_approved,
    AccountRejected: unit_members.on_account_rejected,
}
