"""Settings refuse a signing key that cannot sign credentials, naming the variable."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cme_certificates.config import CertificatesSettings

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
