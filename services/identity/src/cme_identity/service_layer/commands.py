"""Command handlers of the identity service: register, approve, sign in, open accounts.

Each opens its transaction on the unit of work it is handed; the reads are in `queries.py`.
"""

from __future__ import annotations

import secrets

from cme_contracts.events import AccountApproved, AccountRejected
from cme_contracts.identifiers import InvalidIdNumber, read_id_number
from cme_identity.adapters.passwords import hash_password, password_matches
from cme_identity.domain import accounts as rules
from cme_identity.domain.accounts import Account, Unit
from cme_identity.domain.codes import normalize_org_code
from cme_identity.domain.scope import may_see
from cme_identity.service_layer.unit_of_work import IdentityUnitOfWork
from cme_platform import metrics
from cme_platform.auth import Principal, Role, Unauthenticated
from cme_platform.errors import Conflict, DomainError, NotFound


async def _add(uow: IdentityUnitOfWork, account: Account, password: str) -> None:
    if await uow.accounts.username_taken(account.username):
        raise Conflict("account.username_taken", "该用户名（或身份证号）已注册", username=account.username)
    await uow.accounts.add(account, await hash_password(password))


async def register_unit(uow: IdentityUnitOfWork, *, org_code: str, name: str, jurisdiction: str, city_id: str,
                        admin_username: str, admin_password: str, admin_name: str,
                        district_id: str | None = None) -> tuple[Unit, Account]:
    """单位注册: verify the code, store the unit and its active administrator."""
    unit, admin_login, _ = rules.gather(lambda: Unit.register(org_code, name, jurisdiction, city_id, district_id),
                                        lambda: rules.check_username(admin_username),
                                        lambda: rules.check_password_strength(admin_password))
    admin = rules.unit_admin_for(unit, admin_login, admin_name)
    async with uow:
        if await uow.units.by_code(unit.org_code):
            raise Conflict("unit.already_registered", "该组织机构代码的单位已注册，请由单位管理员登录",
                           org_code=unit.org_code)
        await uow.units.add(unit)
        await _add(uow, admin, admin_password)
        await uow.audit("unit.registered", subject=unit.id, actor=admin.id, details={"org_code": unit.org_code})
        await uow.commit()
    return unit, admin


async def register_individual(uow: IdentityUnitOfWork, *, org_code: str, role: Role, id_number: str, name: str,
                              phone: str, password: str) -> Account:
    """个人注册: a pending account under a registered unit, waiting for the unit's approval."""
    code, _ = rules.gather(lambda: normalize_org_code(org_code), lambda: rules.check_password_strength(password))
    async with uow:
        unit = await uow.units.by_code(code)
        if unit is None:
            raise NotFound("unit.not_registered", "所属单位尚未注册，请先请单位科教科完成单位注册", org_code=code)
        account = rules.individual_registration(unit, role, id_number, name, phone)
        await _add(uow, account, password)
        await uow.commit()
    return account


async def decide_registration(uow: IdentityUnitOfWork, reviewer: Principal, account_id: str, *,
                              approve: bool) -> Account:
    """单位审核: approve or reject one pending registration."""
    async with uow:
        account = await uow.accounts.get(account_id, for_update=True)
        if account is None or not may_see(reviewer, account):
            raise NotFound("account.not_found", "没有找到该注册申请", account_id=account_id)
        decided = rules.decide_registration(account, reviewer, approve=approve)
        await uow.accounts.save_decision(decided, reviewer.account_id)
        await uow.audit("account.approved" if approve else "account.rejected", subject=account.id,
                        actor=reviewer.account_id, details={"unit_id": account.unit_id, "role": account.role.value})
        await uow.publish(_decision_event(decided, reviewer, approve, uow.clock.now()))
        await uow.commit()
    return decided


def _decision_event(account: Account, reviewer: Principal, approve: bool, now) -> AccountApproved | AccountRejected:
    """The integration event of a registration decision, so the person can be told (notifications)."""
    event = AccountApproved if approve else AccountRejected
    return event(account_id=account.id, role=account.role.value, name=account.name, unit_id=account.unit_id,
                 jurisdiction=account.jurisdiction, id_number=account.id_number, phone=account.phone,
                 decided_by=reviewer.account_id, decided_at=now)


async def sign_in(uow: IdentityUnitOfWork, username: str, password: str) -> Account:
    """登录: the account when the password matches and the account may sign in."""
    try:
        return await _sign_in(uow, username, password)
    except DomainError as refusal:
        # A surge of these is password guessing, or a sign-in page that broke: worth an alert.
        metrics.sign_in_failures.labels(refusal.code).inc()
        raise


async def _sign_in(uow: IdentityUnitOfWork, username: str, password: str) -> Account:
    async with uow:
        found = await uow.accounts.credentials(login_name(username))
    account, stored = found if found else (None, None)
    if not await password_matches(stored, password) or account is None:
        # One message for both cases, so a stranger cannot probe which accounts exist.
        raise Unauthenticated("auth.wrong_credentials", "用户名或密码错误")
    account.ensure_may_sign_in()
    return account


def login_name(username: str) -> str:
    """The login name a person typed, as accounts are stored: an ID number (a learner's login
    name) is read as registration read it (full-width digits, a lower-case x); any other
    login name is taken as typed."""
    try:
        return read_id_number(username)
    except InvalidIdNumber:
        return username.strip()


async def issue_account(uow: IdentityUnitOfWork, issuer: Principal, *, role: Role, username: str, name: str,
                        password: str, jurisdiction: str, city_id: str | None = None,
                        org_code: str | None = None) -> Account:
    """The provincial office opens a staff account (city office, regulator, remote-education institution…)."""
    rules.check_password_strength(password)
    async with uow:
        unit = await uow.units.by_code(normalize_org_code(org_code)) if org_code else None
        account = rules.issued_account(issuer, role, username, name, jurisdiction=jurisdiction,
                                       city_id=city_id, unit=unit)
        await _add(uow, account, password)
        await uow.audit("account.issued", subject=account.id, actor=issuer.account_id, details={"role": role.value})
        await uow.commit()
    return account


async def register_device(uow: IdentityUnitOfWork, issuer: Principal, *, client_id: str,
                          name: str) -> tuple[Account, str]:
    """机器凭证: a device account of the issuer's unit and its secret, shown once."""
    account = rules.device_account(issuer, client_id, name)
    secret = secrets.token_urlsafe(32)
    async with uow:
        await _add(uow, account, secret)
        await uow.audit("device.registered", subject=account.id, actor=issuer.account_id,
                        details={"unit_id": account.unit_id})
        await uow.commit()
    return account, secret


async def ensure_bootstrap_admins(uow: IdentityUnitOfWork, spec: str) -> None:
    """Create the first provincial-office accounts from `username:password:jurisdiction[,…]` when missing."""
    async with uow:
        for entry in filter(None, (part.strip() for part in spec.split(","))):
            username, password, jurisdiction = entry.split(":", 2)
            if await uow.accounts.username_taken(username):
                continue
            account = Account(username, Role.PROVINCIAL_OFFICE, "省继教办管理员", rules.AccountStatus.ACTIVE,
                              jurisdiction=jurisdiction)
            await uow.accounts.add(account, await hash_password(password))
        await uow.commit()
