"""Request and response bodies of the identity API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from cme_identity.domain.accounts import Account
from cme_platform.auth import Role


class UnitRegistration(BaseModel):
    """单位注册: organisation code, full name, where the unit is, and its administrator."""

    org_code: str = Field(min_length=9, max_length=20, description="组织机构代码 or 统一社会信用代码")
    name: str = Field(min_length=1, max_length=200, description="单位名称全称")
    jurisdiction: str = Field(description="The province's id (`sichuan`); the unit's rule set comes from the place")
    city_id: str = Field(description="行政区划代码 of the city, from GET /api/identity/regions")
    district_id: str | None = Field(None, description="行政区划代码 of the district, where the city lists districts")
    admin_username: str
    admin_password: str = Field(max_length=128)
    admin_name: str = ""


class IndividualRegistration(BaseModel):
    """个人注册 under a registered unit."""

    org_code: str = Field(description="所属单位的组织机构代码")
    role: Role = Role.LEARNER
    id_number: str
    name: str = Field(max_length=100)
    phone: str
    password: str = Field(max_length=128)


class Credentials(BaseModel):
    """登录: username (a learner's ID number) and password."""

    username: str = Field(max_length=64)
    password: str = Field(max_length=128)


class DeviceCredentials(BaseModel):
    """A device signing in with its client id and secret."""

    client_id: str = Field(max_length=64)
    secret: str = Field(max_length=128)


class StaffAccount(BaseModel):
    """An account the provincial office opens."""

    role: Role
    username: str
    name: str = Field(max_length=100)
    password: str = Field(max_length=128)
    jurisdiction: str
    city_id: str | None = None
    org_code: str | None = None


class DeviceRegistration(BaseModel):
    """A swipe device or organizer's system of the caller's unit."""

    client_id: str
    name: str = ""


class AccountOut(BaseModel):
    """An account as the API shows it (never its password hash)."""

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


class SignedInOut(BaseModel):
    """A sign-in: the token (also set as the `cme_token` cookie) and how long it lasts."""

    token: str
    token_type: str = "Bearer"
    expires_in: int = Field(description="Seconds the token is valid.")
    account: AccountOut


class RegionOut(BaseModel):
    """A province with its cities and, per city, its districts (行政区划代码 → name)."""

    id: str
    name: str
    cities: dict[str, str]
    districts: dict[str, dict[str, str]]


def account_view(account: Account) -> dict:
    """What the API shows of an account (never its password hash)."""
    return {
        "id": account.id, "username": account.username, "role": account.role.value, "name": account.name,
        "status": account.status.value, "unit_id": account.unit_id, "city_id": account.city_id,
        "jurisdiction": account.jurisdiction, "id_number": account.id_number, "phone": account.phone,
    }
