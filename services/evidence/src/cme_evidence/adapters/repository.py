"""Evidence metadata in PostgreSQL: rows in, domain objects out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Insert, delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from cme_contracts.jurisdictions import registry
from cme_evidence.adapters.tables import evidence as table
from cme_evidence.domain import refusals
from cme_evidence.domain.evidence import Evidence, Subject, Uploader
from cme_platform.db import Repository


class EvidenceRepository(Repository):
    """Reads and writes evidence rows within the caller's transaction."""

    async def add(self, item: Evidence) -> None:
        """Insert the metadata of a newly stored file; a second successor of one version is refused as not latest.

        The unique index on `supersedes` decides between two concurrent replacements of the same version.
        """
        try:
            await self.session.execute(self._insert(item))
        except IntegrityError as error:
            if item.supersedes is not None:
                raise refusals.not_latest(item.supersedes) from error
            raise

    @staticmethod
    def _insert(item: Evidence) -> Insert:
        return insert(table).values(
            id=item.id, owner_id=item.uploader.account_id, owner_unit_id=item.uploader.unit_id,
            owner_city_id=item.uploader.city_id, owner_jurisdiction=item.uploader.jurisdiction,
            kind=item.kind, subject_type=item.subject.type if item.subject else None,
            subject_id=item.subject.id if item.subject else None, filename=item.filename,
            content_type=item.content_type, size=item.size, sha256=item.sha256, object_key=item.object_key,
            version=item.version, supersedes=item.supersedes,
            assembled_from=list(item.assembled_from) or None, stored_at=item.stored_at,
            attached_at=item.stored_at if item.subject else None,
        )

    async def get(self, evidence_id: str, *, for_update: bool = False) -> Evidence | None:
        """The evidence with this id, if any (locked for the transaction when asked)."""
        query = select(table).where(table.c.id == evidence_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _from_row(row) if row else None

    async def successor_of(self, evidence_id: str) -> str | None:
        """The id of the version that replaced this one, if any."""
        return (await self.session.execute(
            select(table.c.id).where(table.c.supersedes == evidence_id)
        )).scalar_one_or_none()

    async def attach(self, evidence_id: str, subject: Subject, at: datetime) -> None:
        """Record what the file supports."""
        await self.session.execute(update(table).where(table.c.id == evidence_id).values(
            subject_type=subject.type, subject_id=subject.id, attached_at=at,
        ))

    async def unattached_before(self, cutoff: datetime, jurisdiction: str | None) -> list[Evidence]:
        """Files stored before cutoff and never attached, oldest first (within one jurisdiction if given)."""
        query = select(table).where(table.c.subject_id.is_(None), table.c.stored_at < cutoff)
        if jurisdiction is not None:
            query = query.where(table.c.owner_jurisdiction.in_(registry().members(jurisdiction)))
        rows = (await self.session.execute(query.order_by(table.c.stored_at))).all()
        return [_from_row(row) for row in rows]

    async def delete(self, evidence_id: str) -> None:
        """Remove the row of a file whose object is gone."""
        await self.session.execute(delete(table).where(table.c.id == evidence_id))


def _from_row(row: Row) -> Evidence:
    return Evidence(
        id=row.id,
        uploader=Uploader(row.owner_id, row.owner_unit_id, row.owner_city_id, row.owner_jurisdiction),
        kind=row.kind, filename=row.filename, content_type=row.content_type, size=row.size, sha256=row.sha256,
        stored_at=row.stored_at, subject=Subject(row.subject_type, row.subject_id) if row.subject_id else None,
        version=row.version, supersedes=row.supersedes, assembled_from=tuple(row.assembled_from or ()),
    )
