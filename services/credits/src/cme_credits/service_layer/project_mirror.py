"""Keeping credits' copy of the project registry (never reading the projects service's tables)."""

from __future__ import annotations

from cme_contracts.events import ProjectPublished
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork


async def on_project_published(event: ProjectPublished, uow: CreditsUnitOfWork) -> None:
    """Insert or update the mirrored project; the latest publication wins."""
    await uow.projects.save(
        event.project_id, number=event.number, number_normalized=event.number_normalized, name=event.name,
        level=event.level, credit_class=event.credit_class, credits=event.credits,
        jurisdiction=event.jurisdiction, year=event.year, remote_filing=event.remote_filing,
        co_organizer=event.co_organizer,
    )
