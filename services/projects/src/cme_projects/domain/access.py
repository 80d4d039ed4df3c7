"""Who may see and change what: owners their own, unit admins their unit's, the provincial
office everything in its jurisdiction. Pure rules, asked by the use cases on every request."""

from __future__ import annotations

from cme_platform.access import Place, oversees
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden


def may_manage(principal: Principal, *, owner_id: str | None, unit_id: str | None, jurisdiction: str) -> bool:
    """Whether the principal's scope covers a project or application with these owners."""
    if principal.role == Role.PROVINCIAL_OFFICE:
        return oversees(principal, Place(jurisdiction))
    if principal.role == Role.UNIT_ADMIN:
        return unit_id is not None and principal.unit_id == unit_id
    if principal.role == Role.PROJECT_OWNER:
        return owner_id is not None and principal.account_id == owner_id
    return False


def require_scope(principal: Principal, *, owner_id: str | None, unit_id: str | None, jurisdiction: str,
                  what: str) -> None:
    """Refuse (403) a principal whose scope does not cover the thing."""
    if not may_manage(principal, owner_id=owner_id, unit_id=unit_id, jurisdiction=jurisdiction):
        raise Forbidden("access.out_of_scope", f"无权操作该{what}：只能操作本人、本单位或本省管辖范围内的{what}",
                        role=principal.role.value)


def require_role(principal: Principal, role: Role, action: str) -> None:
    """Refuse (403) a workflow step taken by the wrong role."""
    if principal.role != role:
        raise Forbidden("access.wrong_role", f"{action}须由{ROLE_NAMES[role]}办理", role=principal.role.value,
                        required=role.value)


ROLE_NAMES = {Role.PROJECT_OWNER: "立项用户", Role.UNIT_ADMIN: "单位科教科（行政用户）",
              Role.PROVINCIAL_OFFICE: "省继教办（管理用户）"}
