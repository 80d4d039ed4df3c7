"""Who is calling: JWTs signed by the identity service, verified locally by every service.

Tokens are EdDSA (Ed25519) JWTs. Every service holds only the public key
(`CME_JWT_PUBLIC_KEY`, PEM), so no service calls another to check a request. The claims
carry the role and the scope (unit, city, jurisdiction) that access rules need.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import jwt
from fastapi import Depends, Request

from cme_platform import context
from cme_platform.errors import DomainError, Forbidden

ISSUER = "cme-identity"
AUDIENCE = "cme"


class Role(StrEnum):
    """Roles of the platform (角色)."""

    LEARNER = "learner"  # 学员
    PROJECT_OWNER = "project_owner"  # 立项用户
    UNIT_ADMIN = "unit_admin"  # 单位科教科 / 行政用户
    DISTRICT_OFFICE = "district_office"  # 区县继教主管部门 / 区医学会 (a district's own review level)
    CITY_OFFICE = "city_office"  # 地市继教主管部门
    PROVINCIAL_OFFICE = "provincial_office"  # 省继教办 / 管理用户
    REMOTE_EDUCATION = "remote_education"  # 远程教育机构
    REGULATOR = "regulator"  # 监管方 (read-only)
    DEVICE = "device"  # 刷卡设备 / 主办方系统


@dataclass(frozen=True)
class Principal:
    """The verified caller and its scope."""

    account_id: str
    role: Role
    name: str = ""
    unit_id: str | None = None
    city_id: str | None = None
    jurisdiction: str | None = None
    id_number: str | None = None  # learners: their own identity

    @classmethod
    def from_claims(cls, claims: dict) -> Principal:
        """Build from verified JWT claims."""
        return cls(
            account_id=claims["sub"], role=Role(claims["role"]), name=claims.get("name", ""),
            unit_id=claims.get("unit_id"), city_id=claims.get("city_id"),
            jurisdiction=claims.get("jurisdiction"), id_number=claims.get("id_number"),
        )

    def claims(self) -> dict:
        """The claims that represent this principal in a token."""
        data = {"sub": self.account_id, "role": self.role.value, "name": self.name}
        for key in ("unit_id", "city_id", "jurisdiction", "id_number"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


class Unauthenticated(DomainError):
    """No valid token: missing, expired, or not signed by the platform's key."""

    status_code = 401


def verify(token: str, public_key: str) -> Principal:
    """Verify a token's signature, expiry, issuer and audience; raise Unauthenticated with the reason."""
    try:
        claims = jwt.decode(token, public_key, algorithms=["EdDSA"], issuer=ISSUER, audience=AUDIENCE,
                            options={"require": ["exp", "sub", "role"]})
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("auth.token_expired", "登录已过期，请重新登录") from None
    except jwt.InvalidSignatureError:
        raise Unauthenticated("auth.bad_signature", "登录凭证签名无效（不是本平台签发的）") from None
    except jwt.PyJWTError as error:
        raise Unauthenticated("auth.invalid_token", "登录凭证无效", reason=str(error)) from None
    try:
        return Principal.from_claims(claims)
    except (KeyError, ValueError):
        raise Unauthenticated("auth.invalid_claims", "登录凭证内容不完整") from None


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get("cme_token")


async def optional_principal(request: Request) -> Principal | None:
    """The caller if a token was sent (public endpoints that show more to signed-in users)."""
    token = _bearer(request)
    if token is None:
        return None
    key = request.app.state.runtime.settings.jwt_public_key
    if not key:
        raise Unauthenticated("auth.not_configured", "服务未配置验签公钥 (CME_JWT_PUBLIC_KEY)")
    principal = verify(token, key)
    # The request's context is reset by the middleware when the request ends.
    context.act_as(principal.account_id, principal.role.value)
    return principal


async def current_principal(principal: Principal | None = Depends(optional_principal)) -> Principal:
    """The verified caller; 401 when no token was sent."""
    if principal is None:
        raise Unauthenticated("auth.missing_token", "请先登录")
    return principal


def require_roles(*roles: Role):
    """A dependency that admits only the given roles (403 otherwise, naming them)."""
    allowed = set(roles)

    async def check(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in allowed:
            raise Forbidden("auth.role_not_allowed", "当前角色无权执行此操作",
                            role=principal.role.value, allowed=sorted(r.value for r in allowed))
        return principal

    return check
