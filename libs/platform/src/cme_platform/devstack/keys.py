"""Keys for the dev stack, generated once into `.var/dev/keys` and reused.

Production keys come from Secrets (deploy/); these exist so `make dev` needs no setup. The
regulators' keyring of the dev audit keys is written beside them (`audit-keyring.json`),
ready for `cme-audit verify --keys .var/dev/keys/audit-keyring.json`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _ed25519_pair() -> dict[str, str]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return {"private": private, "public": public}


def _store(folder: Path, name: str, make) -> dict[str, str]:
    """Read key `name` from folder, or make and write it (owner-only) the first time."""
    path = folder / f"{name}.json"
    if not path.exists():
        path.write_text(json.dumps(make()))
        path.chmod(0o600)
    return json.loads(path.read_text())


def dev_keys(folder: Path, services: Iterable[str]) -> dict[str, str]:
    """Every dev key by name (`jwt_private`, `audit_<service>_private`, `qr_secret`, …)."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    keys: dict[str, str] = {}
    pairs = {"jwt": "jwt", "cert": "cert"} | {f"audit_{s}": f"audit_{s}" for s in services}
    for prefix, name in pairs.items():
        pair = _store(folder, name, _ed25519_pair)
        keys[f"{prefix}_private"], keys[f"{prefix}_public"] = pair["private"], pair["public"]
    keys["qr_secret"] = _store(folder, "qr", lambda: {"secret": secrets.token_urlsafe(32)})["secret"]
    keyring = {s: [keys[f"audit_{s}_public"]] for s in services}
    (folder / "audit-keyring.json").write_text(json.dumps(keyring, indent=2))
    return keys
