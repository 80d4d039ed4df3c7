"""The identity service's API as the portal uses it: sign-in, registration, regions, accounts to decide."""

from __future__ import annotations

from pydantic import BaseModel

from cme_portal.adapters.clients.base import Answer, Endpoint, ServiceClient, endpoint


class Account(BaseModel):
    """An account as the identity API shows it (never its password)."""

    id: str
    username: str
    role: str
    name: str
    status: str
    unit_id: str | None = None
    city_id: str | None = None
    jurisdiction: str | None = None
    id_number: str | None = None
    phone: str | None = None


class SignedIn(BaseModel):
    """A sign-in: the token the portal keeps in the person's `cme_token` cookie, and how long it lasts."""

    token: str
    expires_in: int


class Region(BaseModel):
    """A province with its cities and their districts (行政区划代码 → name), for the registration form."""

    id: str
    name: str
    cities: dict[str, str]
    districts: dict[str, dict[str, str]]


class IdentityClient(ServiceClient):
    """/api/identity."""

    @endpoint("POST", "/api/identity/sessions", body=("username", "password"), result=SignedIn)
    async def sign_in(self, spec: Endpoint, username: str, password: str) -> Answer[SignedIn]:
        """登录: the token, or the refusal (a wrong pair, an account waiting for approval, a limit reached)."""
        return await self._call(spec, json={"username": username, "password": password})

    @endpoint("POST", "/api/identity/units", body=("org_code", "name", "jurisdiction", "city_id", "district_id",
                                                    "admin_username", "admin_password", "admin_name"))
    async def register_unit(self, spec: Endpoint, *, org_code: str, name: str, jurisdiction: str, city_id: str,
                            district_id: str | None, admin_username: str, admin_password: str,
                            admin_name: str) -> Answer[dict]:
        """单位注册: the unit and its administrator, usable at once."""
        return await self._call(spec, json={
            "org_code": org_code, "name": name, "jurisdiction": jurisdiction, "city_id": city_id,
            "district_id": district_id, "admin_username": admin_username, "admin_password": admin_password,
            "admin_name": admin_name})

    @endpoint("POST", "/api/identity/registrations",
              body=("org_code", "role", "id_number", "name", "phone", "password"), result=Account)
    async def register_individual(self, spec: Endpoint, *, org_code: str, role: str, id_number: str, name: str,
                                  phone: str, password: str) -> Answer[Account]:
        """个人注册: a pending account, waiting for the unit's approval."""
        return await self._call(spec, json={"org_code": org_code, "role": role, "id_number": id_number,
                                            "name": name, "phone": phone, "password": password})

    @endpoint("GET", "/api/identity/regions", result=list[Region])
    async def regions(self, spec: Endpoint) -> Answer[list[Region]]:
        """Every province with its cities and districts."""
        return await self._call(spec)

    @endpoint("GET", "/api/identity/accounts", query=("status",), result=list[Account])
    async def accounts(self, spec: Endpoint, status: str | None = None) -> Answer[list[Account]]:
        """Accounts within the caller's scope, e.g. those waiting for approval (`pending`)."""
        return await self._call(spec, params={"status": status} if status else None)

    @endpoint("POST", "/api/identity/accounts/{account_id}/approve", result=Account)
    async def approve(self, spec: Endpoint, account_id: str) -> Answer[Account]:
        """单位审核通过 a registration."""
        return await self._call(spec, path={"account_id": account_id})

    @endpoint("POST", "/api/identity/accounts/{account_id}/reject", result=Account)
    async def reject(self, spec: Endpoint, account_id: str) -> Answer[Account]:
        """单位审核不通过 a registration."""
        return await self._call(spec, path={"account_id": account_id})

    @endpoint("GET", "/api/identity/units/mine/learners", result=list[Account])
    async def unit_learners(self, spec: Endpoint) -> Answer[list[Account]]:
        """The unit admin's registered learners (accounts in use), for 单位统一录入."""
        return await self._call(spec)
