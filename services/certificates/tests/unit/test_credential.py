"""The signed credential: anyone with the public key can tell an intact one from an edited one."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_certificates.domain.credential import build_credential, credential_id_of
from cme_certificates.domain.rules import rules_for
from cme_platform.credentials import identity_hash
from cme_platform.credentials.signing import (
    Signer,
    base58btc,
    canonical_json,
    from_base58btc,
    proof_is_valid,
    public_key_of,
)

ISSUED_AT = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)


def signed(make_certificate, signer, urls, **overrides) -> dict:
    certificate = make_certificate(**overrides)
    return signer.sign(build_credential(certificate, rules_for(certificate.jurisdiction), urls, ISSUED_AT), ISSUED_AT)


def test_a_signed_credential_verifies_with_the_published_key(make_certificate, signer, urls, public_keys):
    credential = signed(make_certificate, signer, urls)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert proof_is_valid(credential, public_keys)


def test_the_credential_survives_a_round_trip_through_pretty_printed_json(make_certificate, signer, urls, public_keys):
    text = json.dumps(signed(make_certificate, signer, urls), ensure_ascii=False, indent=2)
    assert proof_is_valid(json.loads(text), public_keys)


def test_credits_edited_by_one_character_are_detected(make_certificate, signer, urls, public_keys):
    text = json.dumps(signed(make_certificate, signer, urls), ensure_ascii=False)
    assert text.count('"creditsEarned": 4.0') == 1
    edited = json.loads(text.replace('"creditsEarned": 4.0', '"creditsEarned": 5.0'))
    assert not proof_is_valid(edited, public_keys)


def test_an_edited_name_is_detected(make_certificate, signer, urls, public_keys):
    credential = signed(make_certificate, signer, urls)
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "张晓明明"
    assert not proof_is_valid(credential, public_keys)


def test_a_credential_signed_by_another_key_is_not_ours(make_certificate, urls, public_keys, signer):
    forger = Signer(Ed25519PrivateKey.generate(), signer.verification_method)
    assert not proof_is_valid(signed(make_certificate, forger, urls), public_keys)


def test_a_credential_without_proof_is_refused(make_certificate, signer, urls, public_keys):
    credential = signed(make_certificate, signer, urls)
    del credential["proof"]
    assert not proof_is_valid(credential, public_keys)


def test_the_id_number_is_carried_only_as_a_salted_hash(make_certificate, signer, urls):
    credential = signed(make_certificate, signer, urls)
    assert "51010419850312123X" not in json.dumps(credential)
    hashed = credential["credentialSubject"]["identifier"][1]
    assert hashed["identityHash"] == identity_hash("51010419850312123x", hashed["salt"])


def test_the_credential_names_its_certificate_and_its_revocation_bit(make_certificate, signer, urls):
    certificate = make_certificate(status_index=131_072 + 5)
    credential = signed(make_certificate, signer, urls, certificate_id=certificate.certificate_id,
                        status_index=certificate.status_index)
    assert credential_id_of(credential) == certificate.certificate_id
    assert credential["credentialStatus"]["statusListCredential"].endswith("/status-lists/1")
    assert credential["credentialStatus"]["statusListIndex"] == "5"
    assert credential["credentialSubject"]["achievement"]["humanCode"] == "2021-03-05-129（国）"


def test_canonical_json_sorts_keys_and_writes_integral_numbers_without_a_fraction():
    assert canonical_json({"b": 4.0, "a": [1.5, "证书"], "c": None}) == '{"a":[1.5,"证书"],"b":4,"c":null}'.encode()


def test_base58_round_trips_leading_zero_bytes():
    data = b"\0\0\x01\x02\xff"
    assert from_base58btc(base58btc(data)) == data


def test_canonical_json_writes_numbers_as_rfc_8785_does():
    # RFC 8785 appendix B: ECMAScript number serialisation, which Python's repr does not follow.
    assert canonical_json({"n": [1e-7, 1e21, 333333333.33333329, -0.0, 9007199254740991]}) == (
        b'{"n":[1e-7,1e+21,333333333.3333333,0,9007199254740991]}')
    with pytest.raises(ValueError):
        canonical_json({"n": float("nan")})


def test_a_credential_with_a_tiny_float_and_chinese_text_is_signed_over_its_rfc_8785_bytes(signer, public_keys):
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "名": "€", "issuer": {"name": "继教办"},
                "credentialSubject": {"name": "张晓明", "creditsEarned": 1e-7, "hours": 12.0}}
    # RFC 8785 by hand: keys by UTF-16 code units, 1e-7 (Python's repr says 1e-07), 12.0 as 12,
    # text as raw UTF-8 (张晓明, 继教办, 名 and € below), never \u escapes.
    expected = (b'{"@context":["https://www.w3.org/ns/credentials/v2"],'
                b'"credentialSubject":{"creditsEarned":1e-7,"hours":12,"name":"\xe5\xbc\xa0\xe6\x99\x93\xe6\x98\x8e"},'
                b'"issuer":{"name":"\xe7\xbb\xa7\xe6\x95\x99\xe5\x8a\x9e"},"\xe5\x90\x8d":"\xe2\x82\xac"}')
    assert canonical_json(document) == expected

    credential = signer.sign(document, ISSUED_AT)
    assert proof_is_valid(json.loads(json.dumps(credential)), public_keys)  # the JSON text says 1e-07
    # A verifier elsewhere hashes exactly these bytes; the signature is over them.
    options = {k: v for k, v in credential["proof"].items() if k != "proofValue"} | {"@context": document["@context"]}
    signed_data = hashlib.sha256(canonical_json(options)).digest() + hashlib.sha256(expected).digest()
    signer.key.public_key().verify(from_base58btc(credential["proof"]["proofValue"][1:]), signed_data)


def test_a_certificate_with_fractional_credits_verifies(make_certificate, signer, urls, public_keys):
    credential = signed(make_certificate, signer, urls, credits=1e-7, hours=0.1, name="欧阳晓明")
    assert proof_is_valid(json.loads(json.dumps(credential, ensure_ascii=False)), public_keys)


def test_the_example_in_contracts_is_a_credential_as_issued_and_verifies(make_certificate, signer, urls):
    path = Path(__file__).parents[4] / "contracts" / "examples" / "credential.json"
    example = json.loads(path.read_text(encoding="utf-8"))
    key_id = example["proof"]["verificationMethod"].rpartition("#")[2]
    assert proof_is_valid(example, {key_id: public_key_of(key_id)})
    written = signed(make_certificate, signer, urls)
    assert example.keys() == written.keys()
    assert example["credentialSubject"].keys() == written["credentialSubject"].keys()
