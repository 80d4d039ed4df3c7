"""Keys for the dev stack, generated once into `.var/dev/keys` and reused.

Production keys come from Secrets (deploy/); these exist so `make dev` needs no setup.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _ed25519_pair() -> tuple[str, str]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def _generate() -> dict[str, str]:
    jwt_private, jwt_public = _ed25519_pair()
    cert_private, cert_public = _ed25519_pair()
    audit_private, audit_public = _ed25519_pair()
    return {
        "jwt_private": jwt_private, "jwt_public": jwt_public,
        "cert_private": cert_private, "cert_public": cert_public,
        "audit_private": audit_private, "audit_public": audit_public,
        "qr_secret": secrets.token_urlsafe(32),
    }


def dev_keys(folder: Path) -> dict[str, str]:
    """Every dev key by name, generating the missing ones (files readable by the owner only)."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    keys = {}
    for name, value in _generate().items():
        path = folder / name
        if not path.exists():
            path.write_text(value)
            path.chmod(0o600)
        keys[name] = path.read_text()
    return keys
