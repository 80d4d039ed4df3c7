"""Keeping credits' record of who is registered in which unit (from identity's decisions).

A unit enters credits only for its own registered people; the identity service decides
registrations, and credits never reads its tables.
"""

from __future__ import annotations

from cme_contracts.events import AccountApproved, AccountRejected
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork


async def on_account_approved(event: AccountApproved, uow: CreditsUnitOfWork) -> None:
    """Remember a learner the unit approved; other roles hold no credits and are skipped."""
    if event.role != "learner" or not event.unit_id or not event.id_number:
        return
    await uow.members.approve(event.account_id, unit_id=event.unit_id, id_number=event.id_number, name=event.name,
                              jurisdiction=event.jurisdiction, approved_at=event.decided_at)


async def on_account_rejected(event: AccountRejected, uow: CreditsUnitOfWork) -> None:
    """A rejected registration is no member of the unit (whatever an earlier decision said)."""
    await uow.members.remove(event.account_id)
