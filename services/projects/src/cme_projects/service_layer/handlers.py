"""Which handler answers which event: the one table of the projects service's consumers.

Unlike the use cases, an event handler is handed a unit of work already entered: the consumer
opens it to claim the inbox row, so that the claim and the handler's writes commit together
(a redelivered event then finds its claim), and commits it itself.
"""

from __future__ import annotations

from cme_contracts import IntegrationEvent, topics
from cme_contracts.events import EvidenceStored
from cme_platform.messaging import Handler
from cme_projects.service_layer.unit_of_work import ProjectsUnitOfWork

# Only the files a hold application may reference are kept.
ATTACHMENT_KINDS = frozenset({"meeting_notice", "schedule"})


async def remember_evidence(event: EvidenceStored, uow: ProjectsUnitOfWork) -> None:
    """A notice or schedule is stored: a submission may now rely on it (materials 已上传)."""
    if event.kind in ATTACHMENT_KINDS:
        await uow.evidence.record(event)


CONSUMER = "projects"
TOPICS: tuple[str, ...] = (topics.EVIDENCE,)
HANDLERS: dict[type[IntegrationEvent], Handler[ProjectsUnitOfWork]] = {EvidenceStored: remember_evidence}
