"""Keeping credits' copy of the project registry (never reading the projects service's tables)."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

from cme_contracts.events import ProjectPublished
from cme_credits.adapters.tables import project_mirror
from cme_platform.db import UnitOfWork


async def on_project_published(event: ProjectPublished, uow: UnitOfWork) -> None:
    """Insert or update the mirrored project; the latest publication wins."""
    values = {
        "number": event.number, "number_normalized": event.number_normalized, "name": event.name,
        "level": event.level, "credit_class": event.credit_class, "credits": event.credits,
        "jurisdiction": event.jurisdiction, "year": event.year, "remote_filing": event.remote_filing,
        "co_organizer": event.co_organizer,
    }
    await uow.session.execute(
        insert(project_mirror).values(project_id=event.project_id, **values)
        .on_conflict_do_update(index_elements=[project_mirror.c.project_id], set_=values)
    )
