"""Credits' own copies of what other services decide: unit members, evidence files, the project registry.

Credits never reads another service's tables; these rows are kept from their integration events.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Row

from cme_credits.adapters.tables import evidence_mirror, project_mirror, unit_member
from cme_credits.domain.identity import normalize_number
from cme_credits.domain.self_entry import StoredFile
from cme_platform.db import Repository


class UnitMemberRepository(Repository):
    """Who is registered in which unit (identity's decisions)."""

    async def approve(self, account_id: str, *, unit_id: str, id_number: str, name: str, jurisdiction: str | None,
                      approved_at: datetime) -> None:
        """Remember a registration; a later decision on the same account replaces the earlier one."""
        values = {"unit_id": unit_id, "id_number": id_number, "name": name, "jurisdiction": jurisdiction,
                  "approved_at": approved_at}
        await self.session.execute(insert(unit_member).values(account_id=account_id, **values)
                                   .on_conflict_do_update(index_elements=[unit_member.c.account_id], set_=values))

    async def remove(self, account_id: str) -> None:
        """Forget the account's registration, if any."""
        await self.session.execute(delete(unit_member).where(unit_member.c.account_id == account_id))

    async def registered_name(self, unit_id: str | None, id_number: str) -> str | None:
        """The name a person registered under in the unit (the latest approval), or None when not registered there."""
        row = (await self.session.execute(select(unit_member.c.name).where(
            unit_member.c.unit_id == (unit_id or ""), unit_member.c.id_number == id_number)
            .order_by(unit_member.c.approved_at.desc()).limit(1))).first()
        return row.name if row else None


class EvidenceRepository(Repository):
    """The stored evidence files, as the evidence service announced them."""

    async def save(self, evidence_id: str, **values) -> None:
        """Insert or update a file's record (owner, kind, content type, filename, subject)."""
        await self.session.execute(insert(evidence_mirror).values(evidence_id=evidence_id, **values)
                                   .on_conflict_do_update(index_elements=[evidence_mirror.c.evidence_id],
                                                          set_=values))

    async def stored_files(self, evidence_ids: list[str]) -> dict[str, StoredFile]:
        """The stored files among these ids."""
        if not evidence_ids:
            return {}
        rows = (await self.session.execute(
            select(evidence_mirror).where(evidence_mirror.c.evidence_id.in_(evidence_ids)))).all()
        return {r.evidence_id: StoredFile(content_type=r.content_type, owner_id=r.owner_id) for r in rows}


class ProjectRepository(Repository):
    """The project registry, as the projects service publishes it."""

    async def save(self, project_id: str, **values) -> None:
        """Insert or update a project; the latest publication wins."""
        await self.session.execute(insert(project_mirror).values(project_id=project_id, **values)
                                   .on_conflict_do_update(index_elements=[project_mirror.c.project_id], set_=values))

    async def facts(self, number: str | None) -> tuple[bool, list[Row]]:
        """(on record, its remote filings) for a project number, however written.

        Each filing is a row of (jurisdiction, co_organizer): the province whose list it is on, and
        the co-organizer there who enters its credits.
        """
        if not number:
            return False, []
        rows = (await self.session.execute(select(
            project_mirror.c.remote_filing, project_mirror.c.jurisdiction, project_mirror.c.co_organizer).where(
            project_mirror.c.number_normalized == normalize_number(number)))).all()
        return bool(rows), [r for r in rows if r.remote_filing]
