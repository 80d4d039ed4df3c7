"""Scopes (管理范围): which accounts a principal may see.

Seed 004 三(一): 登录查询 shows the people within the account's management scope. The
scope of each role is one of: own records, a unit, a city, a province.
"""

from __future__ import annotations

from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden

from cme_identity.domain.accounts import Account

# What part of the account table each supervising role manages, by the claim that bounds it.
_SCOPE_CLAIMS: dict[Role, tuple[str, ...]] = {
    Role.UNIT_ADMIN: ("unit_id",),
    Role.CITY_OFFICE: ("jurisdiction", "city_id"),
    Role.PROVINCIAL_OFFICE: ("jurisdiction",),
    Role.REGULATOR: ("jurisdiction",),
}


def scope_filter(principal: Principal) -> dict[str, str]:
    """Column → value every account listed to this principal must match; refuses roles that list nobody."""
    claims = _SCOPE_CLAIMS.get(principal.role)
    if claims is None:
        raise Forbidden("scope.no_listing", "当前角色不能查询其他人员的账号", role=principal.role.value)
    values = {claim: getattr(principal, claim) for claim in claims}
    if not all(values.values()):
        raise Forbidden("scope.incomplete", "登录凭证缺少管理范围信息", role=principal.role.value)
    return values


def may_see(principal: Principal, account: Account) -> bool:
    """Anyone sees their own account; supervisors see accounts within their scope."""
    if principal.account_id == account.id:
        return True
    claims = _SCOPE_CLAIMS.get(principal.role)
    if claims is None:
        return False
    return all(getattr(principal, c) and getattr(principal, c) == getattr(account, c) for c in claims)
