"""Verifiable credentials, written once for the service that signs them (certificates) and the one
that accepts other platforms' (credits): Data Integrity proofs (`signing`), revocation status
lists (`status_list`) and the hashed learner identifier (`identity_hash`)."""

from __future__ import annotations

import hashlib


def identity_hash(id_number: str, salt: str) -> str:
    """OB 3.0 `identityHash`: sha256$ + hex of the ID number followed by the salt."""
    return "sha256$" + hashlib.sha256((id_number.upper() + salt).encode()).hexdigest()
