"""The examples checked in under contracts/examples/ are what the service makes, and verify: each is
signed with a throwaway example key, whose public half is the multikey its verificationMethod names."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cme_certificates.domain.proof import is_proof
from cme_platform.credentials.signing import from_base58btc, proof_is_valid

EXAMPLES = Path(__file__).resolve().parents[4] / "contracts" / "examples"


def _example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _named_key(document: dict) -> dict[str, Ed25519PublicKey]:
    multikey = document["proof"]["verificationMethod"].rpartition("#")[2]
    raw = from_base58btc(multikey[1:])[2:]  # multibase z, then the Ed25519 multicodec's two bytes
    return {multikey: Ed25519PublicKey.from_public_bytes(raw)}


def test_the_example_compliance_credential_is_a_proof_and_verifies():
    proof = _example("compliance-credential.json")
    assert is_proof(proof) and proof_is_valid(proof, _named_key(proof))
    subject = proof["credentialSubject"]
    assert subject["idNumberMasked"] == "5101**********123X"
    assert all("certificateNumber" in credit and "credentialStatus" in credit for credit in subject["credits"])


def test_the_example_presentation_holds_signed_credentials_and_no_proof_of_its_own():
    presentation = _example("transcript-presentation.json")
    assert presentation["type"] == ["VerifiablePresentation"] and "proof" not in presentation
    for credential in presentation["verifiableCredential"]:
        assert "OpenBadgeCredential" in credential["type"]
        assert proof_is_valid(credential, _named_key(credential))
