"""Command handlers of the identity service: register, approve, sign in, open accounts."""

from __future__ import annotations

import secrets

from cme_contracts.events import AccountApproved, AccountRejected
from cme_contracts.identifiers import InvalidIdNumber, read_id_number
from cme_identity.adapters.passwords import hash_password, password_matches
from cme_identity.adapters.repository import Repository
from cme_identity.domain import accounts as rules
from cme_identity.domain.accounts import Account, AccountStatus, Unit
from cme_identity.domain.codes import normalize_org_code
from cme_identity.domain.scope import may_see, scope_filter
from cme_platform import metrics
from cme_platform.auth import Principal, Role, Unauthenticated
from cme_platform.db import UnitOfWork
from cme_platform.errors import Conflict, DomainError, Forbidden, NotFound


async def _add(repo: Repository, account: Account, password: str) -> None:
    if await repo.username_taken(account.username):
        raise Conflict("account.username_taken", "该用户名（或身份证号）已注册", username=account.username)
    await repo.add_account(account, await hash_password(password))


async def register_unit(uow: UnitOfWork, *, org_code: str, name: str, jurisdiction: str, city_id: str,
                        admin_username: str, admin_password: str, admin_name: str,
                        district_id: str | None = None) -> tuple[Unit, Account]:
    """单位注册: verify the code, store the unit and its active administrator."""
    unit, admin_login, _ = rules.gather(lambda: Unit.register(org_code, name, jurisdiction, city_id, district_id),
                                        lambda: rules.check_username(admin_username),
                                        lambda: rules.check_password_strength(admin_password))
    admin = rules.unit_admin_for(unit, admin_login, admin_name)
    async with uow:
        repo = Repository(uow.session)
        if await repo.unit_by_code(unit.org_code):
            raise Conflict("unit.already_registered", "该组织机构代码的单位已注册，请由单位管理员登录",
                           org_code=unit.org_code)
        await repo.add_unit(unit)
        await _add(repo, admin, admin_password)
        await uow.audit("unit.registered", subject=unit.id, actor=admin.id, details={"org_code": unit.org_code})
        await uow.commit()
    return unit, admin


async def register_individual(uow: UnitOfWork, *, org_code: str, role: Role, id_number: str, name: str,
                              phone: str, password: str) -> Account:
    """个人注册: a pending account under a registered unit, waiting for the unit's approval."""
    code, _ = rules.gather(lambda: normalize_org_code(org_code), lambda: rules.check_password_strength(password))
    async with uow:
        repo = Repository(uow.session)
        unit = await repo.unit_by_code(code)
        if unit is None:
            raise NotFound("unit.not_registered", "所属单位尚未注册，请先请单位科教科完成单位注册", org_code=code)
        account = rules.individual_registration(unit, role, id_number, name, phone)
        await _add(repo, account, password)
        await uow.commit()
    return account


async def decide_registration(uow: UnitOfWork, reviewer: Principal, account_id: str, *, approve: bool) -> Account:
    """单位审核: approve or reject one pending registration."""
    async with uow:
        repo = Repository(uow.session)
        account = await repo.account(account_id, for_update=True)
        if account is None or not may_see(reviewer, account):
            raise NotFound("account.not_found", "没有找到该注册申请", account_id=account_id)
        decided = rules.decide_registration(account, reviewer, approve=approve)
        await repo.save_decision(decided, reviewer.account_id)
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


async def sign_in(uow: UnitOfWork, username: str, password: str) -> Account:
    """登录: the account when the password matches and the account may sign in."""
    try:
        return await _sign_in(uow, username, password)
    except DomainError as refusal:
        # A surge of these is password guessing, or a sign-in page that broke: worth an alert.
        metrics.sign_in_failures.labels(refusal.code).inc()
        raise


async def _sign_in(uow: UnitOfWork, username: str, password: str) -> Account:
    async with uow:
        found = await Repository(uow.session).credentials(login_name(username))
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


async def issue_account(uow: UnitOfWork, issuer: Principal, *, role: Role, username: str, name: str, password: str,
                        jurisdiction: str, city_id: str | None = None, org_code: str | None = None) -> Account:
    """The provincial office opens a staff account (city office, regulator, remote-education institution…)."""
    rules.check_password_strength(password)
    async with uow:
        repo = Repository(uow.session)
        unit = await repo.unit_by_code(normalize_org_code(org_code)) if org_code else None
        account = rules.issued_account(issuer, role, username, name, jurisdiction=jurisdiction,
                                       city_id=city_id, unit=unit)
        await _add(repo, account, password)
        await uow.audit("account.issued", subject=account.id, actor=issuer.account_id, details={"role": role.value})
        await uow.commit()
    return account


async def register_device(uow: UnitOfWork, issuer: Principal, *, client_id: str, name: str) -> tuple[Account, str]:
    """机器凭证: a device account of the issuer's unit and its secret, shown once."""
    account = rules.device_account(issuer, client_id, name)
    secret = secrets.token_urlsafe(32)
    async with uow:
        await _add(Repository(uow.session), account, secret)
        await uow.audit("device.registered", subject=account.id, actor=issuer.account_id,
                        details={"unit_id": account.unit_id})
        await uow.commit()
    return account, secret


async def visible_accounts(uow: UnitOfWork, principal: Principal, status: str | None = None) -> list[Account]:
    """Accounts within the principal's scope (管理范围)."""
    scope = scope_filter(principal)
    async with uow:
        return await Repository(uow.session).list_accounts(scope, status)


async def unit_learners(uow: UnitOfWork, principal: Principal) -> list[Account]:
    """单位统一录入: the unit's registered learners (accounts in use), for its admin to enter one activity for."""
    if principal.role is not Role.UNIT_ADMIN:
        raise Forbidden(
            "scope.unit_admin_only", "只有单位科教科可以统一录入本单位人员的学分", role=principal.role.value
        )
    async with uow:
        # A unit of a large hospital has thousands of staff; the page lists them all and filters in place.
        return await Repository(uow.session).list_accounts(scope_filter(principal), AccountStatus.ACTIVE,
                                                           limit=10_000, role=Role.LEARNER)


async def account_for(uow: UnitOfWork, principal: Principal, account_id: str) -> Account:
    """One account, if the principal's scope includes it."""
    async with uow:
        account = await Repository(uow.session).account(account_id)
    if account is None or not may_see(principal, account):
        raise NotFound("account.not_found", "没有找到该账号", account_id=account_id)
    return account


async def ensure_bootstrap_admins(uow: UnitOfWork, spec: str) -> None:
    """Create the first provincial-office accounts from `username:password:jurisdiction[,…]` when missing."""
    async with uow:
        repo = Repository(uow.session)
        for entry in filter(None, (part.strip() for part in spec.split(","))):
            username, password, jurisdiction = entry.split(":", 2)
            if await repo.username_taken(username):
                continue
            account = Account(username, Role.PROVINCIAL_OFFICE, "省继教办管理员", rules.AccountStatus.ACTIVE,
                              jurisdiction=jurisdiction)
            await repo.add_account(account, await hash_password(password))
        await uow.commit()
