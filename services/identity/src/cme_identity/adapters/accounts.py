"""Accounts (账号) and their password hashes, read and written through one session."""

from __future__ import annotations

from sqlalchemy import func, insert, select, update

from cme_identity.adapters.tables import accounts
from cme_identity.domain.accounts import Account, AccountStatus
from cme_platform.auth import Role
from cme_platform.db import Repository

_ACCOUNT_FIELDS = ("id", "username", "role", "name", "status", "unit_id", "city_id", "jurisdiction",
                   "id_number", "phone")


def _account(row) -> Account:
    values = {f: getattr(row, f) for f in _ACCOUNT_FIELDS}
    return Account(**values | {"role": Role(row.role), "status": AccountStatus(row.status)})


class AccountRepository(Repository):
    """Accounts of the identity database."""

    async def add(self, account: Account, password_hash: str) -> None:
        """Store a new account with its password hash."""
        values = {f: getattr(account, f) for f in _ACCOUNT_FIELDS}
        await self.session.execute(insert(accounts).values(
            **values | {"role": account.role.value, "status": account.status.value}, password_hash=password_hash))

    async def username_taken(self, username: str) -> bool:
        """Whether an account already uses this login name."""
        found = await self.session.execute(select(accounts.c.id).where(accounts.c.username == username))
        return found.first() is not None

    async def credentials(self, username: str) -> tuple[Account, str] | None:
        """The account and its password hash, for sign-in."""
        row = (await self.session.execute(select(accounts).where(accounts.c.username == username))).first()
        return (_account(row), row.password_hash) if row else None

    async def get(self, account_id: str, *, for_update: bool = False) -> Account | None:
        """An account by id (locked when it is about to change)."""
        query = select(accounts).where(accounts.c.id == account_id)
        row = (await self.session.execute(query.with_for_update() if for_update else query)).first()
        return _account(row) if row else None

    async def save_decision(self, account: Account, decided_by: str) -> None:
        """Record the unit's decision on a registration."""
        await self.session.execute(update(accounts).where(accounts.c.id == account.id).values(
            status=account.status.value, decided_by=decided_by, updated_at=func.now()))

    async def within(self, scope: dict[str, list[str]], status: str | None = None,
                     limit: int = 200, role: Role | None = None) -> list[Account]:
        """Accounts with one of the allowed values in every scope column (the domain's `scope_filter`),
        and the status and role when given, newest first."""
        query = select(accounts).order_by(accounts.c.created_at.desc()).limit(limit)
        for column, values in scope.items():
            query = query.where(accounts.c[column].in_(values))
        if status:
            query = query.where(accounts.c.status == status)
        if role:
            query = query.where(accounts.c.role == role.value)
        return [_account(row) for row in (await self.session.execute(query)).all()]
