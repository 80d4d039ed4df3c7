"""Signing the platform's tokens with the identity service's Ed25519 private key.

Only this service holds the private key (`CME_JWT_PRIVATE_KEY`); every other service
verifies with the public key (`CME_JWT_PUBLIC_KEY`) through cme_platform.auth.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from cme_platform.auth import AUDIENCE, ISSUER, Principal


class TokenIssuer:
    """Issues signed, expiring tokens for principals."""

    def __init__(self, private_key_pem: str, ttl: timedelta):
        key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("CME_JWT_PRIVATE_KEY must be an Ed25519 private key (PEM, PKCS#8)")
        self._key = key
        self.ttl = ttl

    def issue(self, principal: Principal, *, ttl: timedelta | None = None) -> str:
        """A JWT carrying the principal's role and scope, valid for ttl."""
        now = datetime.now(UTC)
        claims = principal.claims() | {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + (ttl or self.ttl)}
        return jwt.encode(claims, self._key, algorithm="EdDSA")

    def public_key_pem(self) -> str:
        """The PEM public key services need to verify these tokens."""
        return _public_pem(self._key)


def _public_pem(key: PrivateKeyTypes) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_key_of(private_key_pem: str) -> str:
    """The PEM public key matching a PEM private key."""
    return _public_pem(serialization.load_pem_private_key(private_key_pem.encode(), password=None))


def new_key_pair() -> tuple[str, str]:
    """A fresh (private PEM, public PEM) pair for a deployment."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return private, _public_pem(key)


def main() -> None:
    """`cme-identity-keys`: print a new key pair as CME_JWT_PRIVATE_KEY / CME_JWT_PUBLIC_KEY exports."""
    private, public = new_key_pair()
    print(f"export CME_JWT_PRIVATE_KEY='{private}'")
    print(f"export CME_JWT_PUBLIC_KEY='{public}'")
