"""Signing tokens in tests, with a key made for the test session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_platform.auth import AUDIENCE, ISSUER, Principal, Role


@cache
def _key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_pem() -> str:
    """The PEM public key matching `token_for` (put it in CME_JWT_PUBLIC_KEY)."""
    return _key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def token_for(role: Role | str, *, account_id: str = "acct-1", ttl: timedelta = timedelta(hours=1),
              key: Ed25519PrivateKey | None = None, **scope) -> str:
    """A signed token for a principal with the given role and scope claims."""
    principal = Principal(account_id=account_id, role=Role(role), **scope)
    now = datetime.now(UTC)
    claims = principal.claims() | {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + ttl}
    return jwt.encode(claims, key or _key(), algorithm="EdDSA")


def auth_header(role: Role | str, **kwargs) -> dict[str, str]:
    """`{"Authorization": "Bearer …"}` for a principal."""
    return {"Authorization": f"Bearer {token_for(role, **kwargs)}"}
