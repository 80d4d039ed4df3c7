"""Which handler answers which event: the one table of the projects service's consumers."""

from __future__ import annotations

from cme_contracts import topics
from cme_contracts.events import EvidenceStored
from cme_platform.db import UnitOfWork
from cme_projects.adapters import repository

# Only the files a hold application may reference are kept.
ATTACHMENT_KINDS = frozenset({"meeting_notice", "schedule"})


async def remember_evidence(event: EvidenceStored, uow: UnitOfWork) -> None:
    """A notice or schedule is stored: a submission may now rely on it (materials 已上传)."""
    if event.kind in ATTACHMENT_KINDS:
        await repository.record_evidence(uow.session, event)


CONSUMER = "projects"
TOPICS: tuple[str, ...] = (topics.EVIDENCE,)
HANDLERS: dict = {EvidenceStored: remember_evidence}
