"""Keeping credits' record of who is registered in which unit (from identity's decisions).

A unit enters credits only for its own registered people; the identity service decides
registrations, and credits never reads its tables.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert

from cme_contracts.events import AccountApproved, AccountRejected
from cme_credits.adapters.tables import unit_member
from cme_platform.db import UnitOfWork


async def on_account_approved(event: AccountApproved, uow: UnitOfWork) -> None:
    """Remember a learner the unit approved; other roles hold no credits and are skipped."""
    if event.role != "learner" or not event.unit_id or not event.id_number:
        return
    values = {"unit_id": event.unit_id, "id_number": event.id_number, "name": event.name,
              "jurisdiction": event.jurisdiction, "approved_at": event.decided_at}
    await uow.session.execute(insert(unit_member).values(account_id=event.account_id, **values)
                              .on_conflict_do_update(index_elements=[unit_member.c.account_id], set_=values))


async def on_account_rejected(event: AccountRejected, uow: UnitOfWork) -> None:
    """A rejected registration is no member of the unit (whatever an earlier decision said)."""
    await uow.session.execute(delete(unit_member).where(unit_member.c.account_id == event.account_id))
