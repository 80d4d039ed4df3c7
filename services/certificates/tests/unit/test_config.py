"""Settings refuse a signing key that cannot sign credentials, naming the variable; retired keys are
published with their expiry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from cme_certificates.config import CertificatesSettings
from cme_certificates.service_layer.authority import Authority
from cme_platform.credentials.signing import Signer, multikey, proof_is_valid

SIGNED_AT = datetime(2025, 6, 1, tzinfo=UTC)
REQUIRED = {
    "database_url": "postgresql+asyncpg://cme@localhost/cme_certificates", "kafka_bootstrap_servers": "localhost:9092",
    "redis_url": "redis://localhost", "s3_endpoint": "http://localhost:9000",
    "s3_access_key": "a", "s3_secret_key": "b",
}


def test_an_ed25519_key_is_accepted_and_the_bucket_has_a_default(signing_key_pem):
    settings = CertificatesSettings(**REQUIRED, cert_signing_key=signing_key_pem)
    assert settings.s3_bucket == "cme-certificates"


def test_a_key_that_is_not_ed25519_pem_is_refused():
    with pytest.raises(ValidationError, match="Ed25519"):
        CertificatesSettings(**REQUIRED, cert_signing_key="not a key")


def test_object_storage_and_redis_are_required(signing_key_pem):
    with pytest.raises(ValidationError) as error:
        CertificatesSettings(**{k: v for k, v in REQUIRED.items() if k not in ("redis_url", "s3_endpoint")},
                             cert_signing_key=signing_key_pem)
    assert {e["loc"][0] for e in error.value.errors()} == {"redis_url", "s3_endpoint"}


def test_a_retired_key_still_verifies_here_and_is_published_with_its_expiry(signing_key_pem):
    old = Ed25519PrivateKey.generate()
    old_id = multikey(old.public_key())
    settings = CertificatesSettings(**REQUIRED, cert_signing_key=signing_key_pem,
                                    cert_retired_keys={old_id: "2025-12-31T00:00:00+08:00"})
    authority = Authority.from_settings(settings)
    signed = Signer(old, f"{authority.urls.issuer}#{old_id}").sign({"id": "urn:uuid:x"}, SIGNED_AT)
    assert proof_is_valid(signed, authority.public_keys)
    methods = {m["publicKeyMultibase"]: m for m in authority.issuer_profile()["verificationMethod"]}
    current = authority.signer.verification_method.rpartition("#")[2]
    assert methods[old_id]["expires"] == "2025-12-31T00:00:00+08:00" and "expires" not in methods[current]
    assert {k["kid"]: k.get("exp") for k in authority.jwks()["keys"]}[old_id] == 1767110400


def test_a_retired_key_that_is_not_a_multikey_is_refused(signing_key_pem):
    with pytest.raises(ValidationError, match="Multikey"):
        CertificatesSettings(**REQUIRED, cert_signing_key=signing_key_pem, cert_retired_keys={"abc": "2025-12-31"})
