"""The identity service's reads: accounts within a principal's scope (管理范围), each in a transaction of its own.

Who may see whom is the domain's (`domain/scope.py`); the repository turns that scope into a `WHERE`.
"""

from __future__ import annotations

from cme_identity.domain.accounts import Account, AccountStatus
from cme_identity.domain.scope import may_see, scope_filter
from cme_identity.service_layer.unit_of_work import IdentityUnitOfWork
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden, NotFound


async def visible_accounts(uow: IdentityUnitOfWork, principal: Principal, status: str | None = None) -> list[Account]:
    """Accounts within the principal's scope (管理范围)."""
    scope = scope_filter(principal)
    async with uow:
        return await uow.accounts.within(scope, status)


async def unit_learners(uow: IdentityUnitOfWork, principal: Principal) -> list[Account]:
    """单位统一录入: the unit's registered learners (accounts in use), for its admin to enter one activity for."""
    if principal.role is not Role.UNIT_ADMIN:
        raise Forbidden(
            "scope.unit_admin_only", "只有单位科教科可以统一录入本单位人员的学分", role=principal.role.value
        )
    async with uow:
        # A unit of a large hospital has thousands of staff; the page lists them all and filters in place.
        return await uow.accounts.within(scope_filter(principal), AccountStatus.ACTIVE, limit=10_000,
                                         role=Role.LEARNER)


async def account_for(uow: IdentityUnitOfWork, principal: Principal, account_id: str) -> Account:
    """One account, if the principal's scope includes it."""
    async with uow:
        account = await uow.accounts.get(account_id)
    if account is None or not may_see(principal, account):
        raise NotFound("account.not_found", "没有找到该账号", account_id=account_id)
    return account
