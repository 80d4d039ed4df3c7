"""The audit record (审计记录): its fields, canonical bytes, hash and signature.

A record is a JSON object. Its *body* is every field except `hash` and `signature`;
`hash` is the SHA-256 of the body's canonical bytes and `signature` is the producing
service's Ed25519 signature of the same bytes. `previous_hash` is the hash of the record
before it in the same service's chain, so removing, inserting or reordering records breaks
the chain even where every signature is valid. See contracts/audit.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "cme.audit/1"
RECORD_TYPE = "cme.audit.AuditRecord.v1"
GENESIS_HASH = "0" * 64
"""The `previous_hash` of a service's first record."""

SEALED_FIELDS = ("hash", "signature")


def canonical_bytes(body: dict[str, Any]) -> bytes:
    """The bytes that are hashed and signed: sorted keys, no spaces, UTF-8 (not ASCII-escaped)."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def body_of(record: dict[str, Any]) -> dict[str, Any]:
    """The signed part of a record (everything but its hash and signature)."""
    return {k: v for k, v in record.items() if k not in SEALED_FIELDS}


def record_hash(body: dict[str, Any]) -> str:
    """SHA-256 of the canonical body, lowercase hex."""
    return hashlib.sha256(canonical_bytes(body)).hexdigest()


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short stable name for a public key: the first 16 hex digits of SHA-256 of its raw bytes."""
    return hashlib.sha256(public_key.public_bytes_raw()).hexdigest()[:16]


def seal(body: dict[str, Any], private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """Add `hash` and `signature` (base64url, unpadded) to a body that names its key_id."""
    data = canonical_bytes(body)
    signature = base64.urlsafe_b64encode(private_key.sign(data)).rstrip(b"=").decode()
    return {**body, "hash": hashlib.sha256(data).hexdigest(), "signature": signature}


def signature_valid(record: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    """Whether the record's signature is the key's signature of its canonical body."""
    raw = str(record.get("signature", ""))
    try:
        signature = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        public_key.verify(signature, canonical_bytes(body_of(record)))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class AuditEntry:
    """One state change to record, before it is numbered, chained and signed.

    Built and stored in the writing transaction (`UnitOfWork.commit`); the service's
    `AuditSealer` numbers, chains and signs stored entries afterwards, in transaction order.
    """

    action: str
    subject: str | None
    actor: str | None = None
    actor_role: str | None = None
    event_id: str | None = None
    event_type: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_json(self) -> dict[str, Any]:
        """The entry as stored until it is sealed."""
        # Field by field rather than dataclasses.asdict, whose deep copy of `details` was an eighth
        # of a batch upload's time (bench/PROFILE.md); the dict is serialised at once, never changed.
        stored = {f.name: getattr(self, f.name) for f in fields(self)}
        return stored | {"occurred_at": self.occurred_at.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AuditEntry:
        """The entry back from its stored form."""
        return cls(**{**data, "occurred_at": datetime.fromisoformat(data["occurred_at"])})

    def body(self, *, service: str, sequence: int, previous_hash: str, record_id: str, key: str) -> dict[str, Any]:
        """The record body at a position of the service's chain."""
        return {
            "format": FORMAT, "record_id": record_id, "service": service, "sequence": sequence,
            "previous_hash": previous_hash, "key_id": key, "occurred_at": self.occurred_at.isoformat(),
            "action": self.action, "subject": self.subject, "actor": self.actor, "actor_role": self.actor_role,
            "event_id": self.event_id, "event_type": self.event_type, "correlation_id": self.correlation_id,
            "causation_id": self.causation_id, "traceparent": self.traceparent, "details": self.details,
        }
