"""Revocation status lists in the spirit of the W3C Bitstring Status List.

Each certificate owns one bit (its status index); a set bit means revoked. The list is
published gzip-compressed and base64url-encoded (multibase `u`) inside a signed
BitstringStatusListCredential, so a verifier learns about revocations without revealing
which certificate it is checking.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable

STATUS_LIST_SIZE = 131_072  # 16 KiB of bits: the specification's minimum, for herd privacy


def encode_status_list(revoked_indexes: Iterable[int], size: int = STATUS_LIST_SIZE) -> str:
    """The `encodedList` value: bit i (most significant bit first) set when index i is revoked."""
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def is_set(encoded_list: str, index: int) -> bool:
    """Whether bit `index` of an `encodedList` value is set (revoked)."""
    body = encoded_list.removeprefix("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(list_id: str, issuer: str, encoded_list: str, valid_from: str) -> dict:
    """The unsigned BitstringStatusListCredential for one list."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }
