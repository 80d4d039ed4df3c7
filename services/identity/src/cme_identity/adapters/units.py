"""The registered units (单位), read and written through one session."""

from __future__ import annotations

from sqlalchemy import insert, select

from cme_identity.adapters.tables import units
from cme_identity.domain.accounts import Unit
from cme_platform.db import Repository


def _unit(row) -> Unit:
    return Unit(row.org_code, row.name, row.jurisdiction, row.city_id, row.id)


class UnitRepository(Repository):
    """Units of the identity database."""

    async def add(self, unit: Unit) -> None:
        """Store a new unit."""
        await self.session.execute(insert(units).values(id=unit.id, org_code=unit.org_code, name=unit.name,
                                                         jurisdiction=unit.jurisdiction, city_id=unit.city_id))

    async def by_code(self, org_code: str) -> Unit | None:
        """The unit registered under an organisation code."""
        row = (await self.session.execute(select(units).where(units.c.org_code == org_code))).first()
        return _unit(row) if row else None

    async def get(self, unit_id: str) -> Unit | None:
        """A unit by id."""
        row = (await self.session.execute(select(units).where(units.c.id == unit_id))).first()
        return _unit(row) if row else None
