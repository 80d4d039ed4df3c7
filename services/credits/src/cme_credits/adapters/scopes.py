"""The scope of a caller as SQL: the credits an account may see (管理范围)."""

from __future__ import annotations

from sqlalchemy import and_, false, true
from sqlalchemy.sql import ColumnElement

from cme_credits.adapters.tables import credit
from cme_platform.access import JURISDICTION_WIDE, overseen_jurisdictions
from cme_platform.auth import Principal, Role


def visible_to(principal: Principal | None) -> ColumnElement[bool]:
    """Which credits an account may see (登录查询: 管理范围内的人员学分).

    None is the service's own handlers, which act for no caller and see every credit.
    """
    if principal is None:
        return true()
    role = principal.role
    if role is Role.LEARNER:
        return credit.c.id_number == (principal.id_number or "")
    if role is Role.UNIT_ADMIN:
        return credit.c.unit_id == (principal.unit_id or "")
    overseen = credit.c.jurisdiction.in_(overseen_jurisdictions(principal))
    if role is Role.CITY_OFFICE:
        # Only its own city: a credit whose city is unknown is the provincial office's to see,
        # never every city office's.
        return and_(credit.c.city_id == (principal.city_id or ""), overseen)
    if role in JURISDICTION_WIDE:
        return overseen
    if role is Role.REMOTE_EDUCATION:
        return credit.c.entered_by == principal.account_id
    return false()
