"""Scopes (管理范围): which accounts a principal may see.

Seed 004 三(一): 登录查询 shows the people within the account's management scope. The
scope of each role is the platform's one policy (`cme_platform.access`): a unit, a district,
a city, or a province with everything inside it.
"""

from __future__ import annotations

from cme_identity.domain.accounts import Account
from cme_platform.access import Place, overseen_jurisdictions, oversees
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden

# The supervising roles that list other people's accounts.
LISTING_ROLES = frozenset({Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE,
                           Role.REGULATOR})


def scope_filter(principal: Principal) -> dict[str, list[str]]:
    """Column → the values every account listed to this principal must have one of."""
    if principal.role not in LISTING_ROLES:
        raise Forbidden("scope.no_listing", "当前角色不能查询其他人员的账号", role=principal.role.value)
    if principal.role is Role.UNIT_ADMIN:
        values = {"unit_id": [principal.unit_id] if principal.unit_id else []}
    else:
        values = {"jurisdiction": overseen_jurisdictions(principal)}
    if principal.role is Role.CITY_OFFICE:
        values["city_id"] = [principal.city_id] if principal.city_id else []
    if not all(values.values()):
        raise Forbidden("scope.incomplete", "登录凭证缺少管理范围信息", role=principal.role.value)
    return values


def may_see(principal: Principal, account: Account) -> bool:
    """Anyone sees their own account; supervisors see accounts within their scope."""
    if principal.account_id == account.id:
        return True
    return principal.role in LISTING_ROLES and oversees(
        principal, Place(account.jurisdiction, account.city_id, account.unit_id))
