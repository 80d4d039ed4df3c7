"""Units and accounts (单位与账号): who registers how, who approves whom, who may sign in.

Seed 004 (二(二)): a unit registers with its organisation code and full name and can work at
once; a health professional registers individually and can sign in only after the unit
approves. Staff of the administration (city, province, regulator, remote-education
institutions) get their accounts from the provincial office; swipe devices and organizers'
systems get machine credentials from their unit.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from cme_contracts.jurisdictions import registry
from cme_identity.domain.codes import normalize_id_number, normalize_org_code
from cme_identity.domain.regions import place
from cme_platform.auth import Principal, Role
from cme_platform.errors import Conflict, DomainError, Forbidden

# Roles a person may choose when registering individually (个人注册); the unit approves.
SELF_REGISTERED = frozenset({Role.LEARNER, Role.PROJECT_OWNER})
# Roles whose accounts the provincial office hands out (如远程教育机构向省继教办获取用户名和密码).
PROVINCE_ISSUED = frozenset({Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE, Role.REMOTE_EDUCATION,
                             Role.REGULATOR})
# Roles that may create a device credential for their unit.
DEVICE_ISSUERS = frozenset({Role.UNIT_ADMIN, Role.PROJECT_OWNER})


class AccountStatus(StrEnum):
    """Where an account stands (账号状态)."""

    PENDING = "pending"  # 待单位审核
    ACTIVE = "active"  # 已启用
    REJECTED = "rejected"  # 单位审核未通过


@dataclass(frozen=True)
class Unit:
    """A registered unit (单位): a hospital, a society, a remote-education institution."""

    org_code: str
    name: str
    jurisdiction: str  # the rule set of where the unit is (jinjiang for 成都市锦江区)
    city_id: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @classmethod
    def register(cls, org_code: str, name: str, province: str, city_id: str, district_id: str | None = None) -> Unit:
        """单位注册: the code must pass its check digit and the full name must be given."""
        code, full_name, jurisdiction = gather(lambda: normalize_org_code(org_code), lambda: _full_name(name),
                                               lambda: place(province, city_id, district_id))
        return cls(code, full_name, jurisdiction, city_id)


def _full_name(name: str) -> str:
    if len(name.strip()) < 4:
        raise DomainError("unit.name_not_full", "请填写单位名称全称", name=name)
    return name.strip()


def gather(*checks: Callable[[], Any]) -> list[Any]:
    """Every check's result, or one refusal naming all their problems, so a form is corrected in one go."""
    results, refusals = [], []
    for check in checks:
        try:
            results.append(check())
        except DomainError as refusal:
            refusals.append(refusal)
    if len(refusals) == 1:
        raise refusals[0]  # alone, it keeps its own details (the value it refused)
    if refusals:
        raise _all_of([p for r in refusals
                       for p in r.details.get("problems") or [{"code": r.code, "message": r.message}]])
    return results


@dataclass(frozen=True)
class Account:
    """A person's or a machine's account (账号) and its scope."""

    username: str
    role: Role
    name: str
    status: AccountStatus
    unit_id: str | None = None
    city_id: str | None = None
    jurisdiction: str | None = None
    id_number: str | None = None
    phone: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def principal(self) -> Principal:
        """The token claims of this account: its role and its scope."""
        return Principal(account_id=self.id, role=self.role, name=self.name, unit_id=self.unit_id,
                         city_id=self.city_id, jurisdiction=self.jurisdiction, id_number=self.id_number)

    def ensure_may_sign_in(self) -> None:
        """A pending or rejected account cannot sign in, and is told why."""
        if self.status is AccountStatus.PENDING:
            raise Forbidden("account.pending_approval", "账号正在等待所属单位审核，审核通过后即可登录")
        if self.status is AccountStatus.REJECTED:
            raise Forbidden("account.rejected", "所属单位未通过您的注册申请，请联系单位科教科")


def check_password_strength(password: str) -> None:
    """At least 8 characters with letters and digits (密码强度)."""
    if len(password) < 8 or not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        raise DomainError("account.weak_password", "密码至少8位，且须同时包含字母和数字")


def check_username(username: str) -> str:
    name = username.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{3,64}", name):
        raise DomainError("account.bad_username", "用户名为3-64位字母、数字或 _ . @ -", username=username)
    return name


def unit_admin_for(unit: Unit, username: str, name: str) -> Account:
    """The unit's administrator (单位科教科管理员), active as soon as the unit is verified."""
    return Account(check_username(username), Role.UNIT_ADMIN, name.strip() or unit.name, AccountStatus.ACTIVE,
                   unit_id=unit.id, city_id=unit.city_id, jurisdiction=unit.jurisdiction)


def individual_registration(unit: Unit, role: Role, id_number: str, name: str, phone: str) -> Account:
    """个人注册: a learner or project owner signs up under a unit and waits for its approval.

    The login name is the ID number, which is how learners are found everywhere else.
    """
    if role not in SELF_REGISTERED:
        raise Forbidden("account.role_not_self_registered", "该角色不能自行注册，请联系省继教办开通",
                        role=role.value)
    problems: list[DomainError] = []
    if not name.strip():
        problems.append(DomainError("account.name_required", "请填写真实姓名"))
    if not re.fullmatch(r"1\d{10}", phone.strip()):
        problems.append(DomainError("account.bad_phone", "手机号码应为11位数字", phone=phone))
    try:
        number = normalize_id_number(id_number)
    except DomainError as refusal:
        problems.append(refusal)
    if problems:
        raise _all_of([{"code": p.code, "message": p.message} for p in problems])
    return Account(number, role, name.strip(), AccountStatus.PENDING, unit_id=unit.id, city_id=unit.city_id,
                   jurisdiction=unit.jurisdiction, id_number=number, phone=phone.strip())


def _all_of(problems: list[dict[str, str]]) -> DomainError:
    # Every problem of the form at once: the first one's code, each one's code and sentence.
    return DomainError(problems[0]["code"], "；".join(p["message"] for p in problems), problems=problems)


def decide_registration(account: Account, reviewer: Principal, *, approve: bool) -> Account:
    """单位审核: only the admin of the account's own unit decides, and only once."""
    if reviewer.role is not Role.UNIT_ADMIN or reviewer.unit_id != account.unit_id:
        raise Forbidden("account.not_your_unit", "只能审核本单位人员的注册申请")
    if account.status is not AccountStatus.PENDING:
        raise Conflict("account.already_decided", "该注册申请已审核过", status=account.status.value)
    return replace(account, status=AccountStatus.ACTIVE if approve else AccountStatus.REJECTED)


def issued_account(issuer: Principal, role: Role, username: str, name: str, *, jurisdiction: str,
                   city_id: str | None = None, unit: Unit | None = None) -> Account:
    """An account the provincial office opens for staff of its own province.

    A district office's jurisdiction is its district (`jinjiang`), which must have a review
    level of its own; its city is the district's city.
    """
    if issuer.role is not Role.PROVINCIAL_OFFICE:
        raise Forbidden("account.not_provincial_office", "只有省继教办可以开通管理账号")
    if role not in PROVINCE_ISSUED:
        raise DomainError("account.role_not_issued", "该角色的账号不由省继教办开通", role=role.value)
    if not registry().within(jurisdiction, issuer.jurisdiction):
        raise Forbidden("account.outside_jurisdiction", "只能为本省开通账号", jurisdiction=jurisdiction)
    if role is Role.DISTRICT_OFFICE:
        district = registry().get(jurisdiction)
        if district.level != "district":
            raise DomainError("account.district_required", "区县继教主管部门账号须指定有本级审核的区县（如 jinjiang）",
                              jurisdiction=jurisdiction)
        city_id = registry().get(district.parent).code
    if role is Role.CITY_OFFICE and city_id is None:
        raise DomainError("account.city_required", "地市继教主管部门账号须指定地市")
    place(registry().province_of(jurisdiction).id, city_id)
    return Account(check_username(username), role, name.strip(), AccountStatus.ACTIVE,
                   unit_id=unit.id if unit else None, city_id=city_id, jurisdiction=jurisdiction)


def device_account(issuer: Principal, client_id: str, name: str) -> Account:
    """机器凭证: a swipe device or an organizer's system posting for the issuer's unit."""
    if issuer.role not in DEVICE_ISSUERS or issuer.unit_id is None:
        raise Forbidden("device.not_allowed", "只有单位管理员或立项用户可以为本单位登记设备")
    return Account(check_username(client_id), Role.DEVICE, name.strip() or client_id, AccountStatus.ACTIVE,
                   unit_id=issuer.unit_id, city_id=issuer.city_id, jurisdiction=issuer.jurisdiction)
