"""The identity service's unit of work: one transaction, and the repositories that work in it.

It lives in the service layer, as in Cosmic Python: the use cases depend on it, and it is the one
place that knows which adapters make up a transaction. Tests may enter it over a real database
or swap a repository for a fake.
"""

from __future__ import annotations

from cme_identity.adapters.accounts import AccountRepository
from cme_identity.adapters.units import UnitRepository
from cme_platform.db import UnitOfWork

__all__ = ["IdentityUnitOfWork"]


class IdentityUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the identity repositories on one session.

    The repositories exist only while the unit is entered; the platform's base makes each one anew
    on the unit's session from the annotations below.
    """

    accounts: AccountRepository
    """Accounts (账号), their password hashes and the units' decisions on registrations."""
    units: UnitRepository
    """Registered units (单位)."""
