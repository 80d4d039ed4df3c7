"""Audit signing keys (审计签名密钥): each service's private key, and the regulator's keyring.

A service signs with the Ed25519 private key in `CME_AUDIT_SIGNING_KEY` (PEM). Regulators
hold a keyring of public keys per service; a record names its key by `key_id`, so a rotated
key and its predecessor can both be trusted while old records remain verifiable.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cme_platform.audit.record import key_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditSigner:
    """The key a service seals its audit records with."""

    private_key: Ed25519PrivateKey
    ephemeral: bool = False

    @property
    def key_id(self) -> str:
        """The key's id as written into each record."""
        return key_id(self.private_key.public_key())

    def public_pem(self) -> str:
        """The public key in PEM, for the regulators' keyring."""
        return public_pem(self.private_key.public_key())

    @classmethod
    def from_pem(cls, pem: str) -> AuditSigner:
        """Load an Ed25519 private key (PKCS#8 PEM); ValueError if it is not one."""
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("审计签名密钥必须是 Ed25519 私钥")
        return cls(key)


def public_pem(key: Ed25519PublicKey) -> str:
    """SubjectPublicKeyInfo PEM of a public key."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def private_pem(key: Ed25519PrivateKey) -> str:
    """Unencrypted PKCS#8 PEM of a private key (for CME_AUDIT_SIGNING_KEY)."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@cache
def ephemeral_signer(service: str) -> AuditSigner:
    """A per-process key for a service that has no configured key (development only).

    Its records are still chained, but no regulator holds its public key, so the verifier
    reports them as signed by an unknown key: exactly what such records deserve.
    """
    log.warning("CME_AUDIT_SIGNING_KEY 未配置：%s 的审计记录使用临时密钥签名，监管方无法验证", service)
    return AuditSigner(Ed25519PrivateKey.generate(), ephemeral=True)


def signer_for(service: str, pem: str | None) -> AuditSigner:
    """The configured signer, or the ephemeral one when no key is configured."""
    return AuditSigner.from_pem(pem) if pem else ephemeral_signer(service)


@dataclass
class Keyring:
    """Trusted public keys by service and key id (密钥环)."""

    keys: dict[str, dict[str, Ed25519PublicKey]] = field(default_factory=dict)

    def add(self, service: str, key: Ed25519PublicKey) -> None:
        """Trust key for records of service."""
        self.keys.setdefault(service, {})[key_id(key)] = key

    def get(self, service: str, kid: str) -> Ed25519PublicKey | None:
        """The service's trusted key with this id, if any."""
        return self.keys.get(service, {}).get(kid)

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        """Parse `{"<service>": ["<public key PEM>", ...], ...}`."""
        ring = cls()
        for service, pems in json.loads(text).items():
            for pem in [pems] if isinstance(pems, str) else pems:
                key = serialization.load_pem_public_key(pem.encode())
                if not isinstance(key, Ed25519PublicKey):
                    raise ValueError(f"{service}: 不是 Ed25519 公钥")
                ring.add(service, key)
        return ring

    @classmethod
    def load(cls, path: Path) -> Keyring:
        """Read a keyring file."""
        return cls.from_json(path.read_text(encoding="utf-8"))
