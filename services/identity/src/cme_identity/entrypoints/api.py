"""HTTP API of the identity service (/api/identity)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import PlainTextResponse

from cme_identity.domain.regions import provinces
from cme_identity.entrypoints import schemas, sign_in_guard
from cme_identity.entrypoints.dependencies import UoW
from cme_identity.entrypoints.schemas import account_view
from cme_identity.service_layer import commands, queries
from cme_platform.auth import Principal, Role, current_principal, require_roles

router = APIRouter(prefix="/api/identity", tags=["identity"])
COOKIE = "cme_token"


@router.get("/regions", response_model=list[schemas.RegionOut])
async def regions() -> list[dict]:
    """Jurisdictions and their cities, for registration forms."""
    return [{"id": p.id, "name": p.name, "cities": p.cities, "districts": p.districts} for p in provinces().values()]


@router.get("/public-key", response_class=PlainTextResponse)
async def public_key(request: Request) -> str:
    """The PEM public key that verifies this service's tokens (CME_JWT_PUBLIC_KEY of every service)."""
    return request.app.state.issuer.public_key_pem()


@router.post("/units", status_code=201)
async def register_unit(body: schemas.UnitRegistration, uow: UoW) -> dict:
    """单位注册: the unit and its administrator account, usable at once."""
    unit, admin = await commands.register_unit(uow, **body.model_dump())
    return {"unit": {"id": unit.id, "org_code": unit.org_code, "name": unit.name, "city_id": unit.city_id,
                     "jurisdiction": unit.jurisdiction}, "admin": account_view(admin)}


@router.post("/registrations", status_code=201, response_model=schemas.AccountOut)
async def register_individual(body: schemas.IndividualRegistration, uow: UoW) -> dict:
    """个人注册: a pending account; it signs in after the unit approves."""
    return account_view(await commands.register_individual(uow, **body.model_dump()))


@router.post("/sessions", response_model=schemas.SignedInOut)
async def sign_in(body: schemas.Credentials, request: Request, response: Response, uow: UoW) -> dict:
    """登录: a signed token in the body and as the HttpOnly cookie the pages use."""
    account = await sign_in_guard.sign_in(request, uow, body.username, body.password)
    issuer = request.app.state.issuer
    token = issuer.issue(account.principal())
    set_token_cookie(response, token, request)
    return {"token": token, "token_type": "Bearer", "expires_in": int(issuer.ttl.total_seconds()),
            "account": account_view(account)}


def set_token_cookie(response: Response, token: str, request: Request) -> None:
    """Put the token where server-rendered pages and every service find it (cookie `cme_token`)."""
    settings = request.app.state.runtime.settings
    response.set_cookie(COOKIE, token, max_age=settings.token_ttl_minutes * 60, httponly=True,
                        secure=settings.cookie_secure, samesite="lax", path="/")


@router.delete("/sessions", status_code=204)
async def sign_out(response: Response) -> None:
    """退出登录: forget the cookie (the token itself expires on its own)."""
    response.delete_cookie(COOKIE, path="/")


@router.post("/device-tokens")
async def device_token(body: schemas.DeviceCredentials, request: Request, uow: UoW) -> dict:
    """A device exchanges its client id and secret for a token of role `device`."""
    account = await sign_in_guard.sign_in(request, uow, body.client_id, body.secret)
    ttl = timedelta(minutes=request.app.state.runtime.settings.device_token_ttl_minutes)
    token = request.app.state.issuer.issue(account.principal(), ttl=ttl)
    return {"token": token, "token_type": "Bearer", "expires_in": int(ttl.total_seconds())}


@router.get("/me")
async def me(uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """The signed-in account."""
    return account_view(await queries.account_for(uow, principal, principal.account_id))


@router.get("/accounts", response_model=list[schemas.AccountOut])
async def list_accounts(uow: UoW, status: str | None = None,
                        principal: Principal = Depends(current_principal)) -> list[dict]:
    """Accounts within the caller's scope (单位/地市/省), e.g. `?status=pending` for the approval queue."""
    return [account_view(a) for a in await queries.visible_accounts(uow, principal, status)]


@router.get("/units/mine/learners", response_model=list[schemas.AccountOut])
async def unit_learners(uow: UoW, principal: Principal = Depends(current_principal)) -> list[dict]:
    """单位统一录入: the registered learners (accounts in use) of the admin's own unit, with their ID numbers;
    anyone but a unit admin is refused (`scope.unit_admin_only`)."""
    return [account_view(a) for a in await queries.unit_learners(uow, principal)]


@router.get("/accounts/{account_id}")
async def get_account(account_id: str, uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """One account within the caller's scope."""
    return account_view(await queries.account_for(uow, principal, account_id))


@router.post("/accounts/{account_id}/approve", response_model=schemas.AccountOut)
async def approve(account_id: str, uow: UoW,
                  principal: Principal = Depends(require_roles(Role.UNIT_ADMIN))) -> dict:
    """单位审核通过 a registration of the admin's unit."""
    return account_view(await commands.decide_registration(uow, principal, account_id, approve=True))


@router.post("/accounts/{account_id}/reject", response_model=schemas.AccountOut)
async def reject(account_id: str, uow: UoW,
                 principal: Principal = Depends(require_roles(Role.UNIT_ADMIN))) -> dict:
    """单位审核不通过 a registration of the admin's unit."""
    return account_view(await commands.decide_registration(uow, principal, account_id, approve=False))


@router.post("/accounts", status_code=201)
async def issue_account(body: schemas.StaffAccount, uow: UoW,
                        principal: Principal = Depends(require_roles(Role.PROVINCIAL_OFFICE))) -> dict:
    """The provincial office opens a staff account of its province."""
    return account_view(await commands.issue_account(uow, principal, **body.model_dump()))


@router.post("/devices", status_code=201)
async def register_device(body: schemas.DeviceRegistration, uow: UoW,
                          principal: Principal = Depends(require_roles(Role.UNIT_ADMIN, Role.PROJECT_OWNER))) -> dict:
    """A device credential of the caller's unit; the secret is shown only in this answer."""
    account, secret = await commands.register_device(uow, principal, client_id=body.client_id, name=body.name)
    return {"client_id": account.username, "secret": secret, "account": account_view(account)}
