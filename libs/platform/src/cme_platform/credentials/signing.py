"""Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (W3C VC Data Integrity EdDSA).

A credential is signed by canonicalising it with JCS (RFC 8785), hashing the proof options
and the document separately with SHA-256, and signing the two hashes with Ed25519. Anyone
holding the published public key can check it offline; changing one character of the
signed document changes its hash and the check fails.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from datetime import datetime

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CRYPTOSUITE = "eddsa-jcs-2022"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_MULTICODEC = b"\xed\x01"


def canonical_json(value) -> bytes:
    """JCS (RFC 8785): sorted keys (by UTF-16 code units), no whitespace, ECMAScript numbers.

    The `rfc8785` package rather than our own: numbers must be written the way ECMAScript
    writes them (1e-7, not Python's 1e-07), or a credential signed here fails elsewhere.
    """
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as error:
        raise ValueError(f"JCS cannot represent this value: {error}") from error


def base58btc(data: bytes) -> str:
    """Base58 (Bitcoin alphabet), as multibase `z` uses it."""
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = _BASE58[rest] + digits
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + digits


def from_base58btc(text: str) -> bytes:
    """Inverse of `base58btc`; raises ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        number = number * 58 + _BASE58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey(public_key: Ed25519PublicKey) -> str:
    """The public key as a Multikey `publicKeyMultibase` value (z6Mk…)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc(_ED25519_MULTICODEC + raw)


def public_key_of(multikey_value: str) -> Ed25519PublicKey:
    """Inverse of `multikey`; ValueError unless it is an Ed25519 Multikey (z6Mk…)."""
    if not multikey_value.startswith("z"):
        raise ValueError("a Multikey starts with z (base58btc)")
    data = from_base58btc(multikey_value[1:])
    if not data.startswith(_ED25519_MULTICODEC) or len(data) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def load_private_key(pem: str) -> Ed25519PrivateKey:
    """The service's signing key from PEM; TypeError unless it is an Ed25519 private key."""
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError("the certificate signing key must be an Ed25519 private key")
    return key


@dataclass(frozen=True)
class Signer:
    """The issuer's key and the verification method that names its public half."""

    key: Ed25519PrivateKey
    verification_method: str

    def sign(self, document: dict, created: datetime) -> dict:
        """A copy of the document with a DataIntegrityProof attached."""
        unsigned = {k: v for k, v in document.items() if k != "proof"}
        options = {
            "type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE, "created": created.isoformat(timespec="seconds"),
            "verificationMethod": self.verification_method, "proofPurpose": "assertionMethod",
        }
        signature = self.key.sign(_hash_data(unsigned, options))
        return unsigned | {"proof": options | {"proofValue": "z" + base58btc(signature)}}


def proof_is_valid(document: dict, public_keys: dict[str, Ed25519PublicKey]) -> bool:
    """True when the document carries an eddsa-jcs-2022 proof by one of the given keys and
    not one signed byte has changed. Keys are looked up by the verification method's fragment
    (the key's multikey), so credentials stay checkable when the public base URL moves."""
    proof = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    key = public_keys.get(str(proof.get("verificationMethod", "")).rpartition("#")[2])
    value = proof.get("proofValue")
    if key is None or not isinstance(value, str) or not value.startswith("z"):
        return False
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    try:
        key.verify(from_base58btc(value[1:]), _hash_data(unsigned, options))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _hash_data(unsigned: dict, options: dict) -> bytes:
    # The proof options carry the document's @context, as eddsa-jcs-2022 requires.
    config = copy.deepcopy(options)
    if "@context" in unsigned:
        config["@context"] = unsigned["@context"]
    return hashlib.sha256(canonical_json(config)).digest() + hashlib.sha256(canonical_json(unsigned)).digest()
