"""Shared fixtures of the certificates service's tests: sample credits and certificates,
a signing key made for the session, the issuing authority built from it, and the in-memory
repository of `fakes.py` that the unit tests run the use cases on."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_certificates.domain.credential import Urls
from cme_certificates.domain.model import Certificate
from cme_contracts.events import CreditApproved
from cme_contracts.identifiers import id_check_digit
from cme_platform.credentials.signing import Signer, load_private_key, multikey
from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside

fakes = module_beside(__file__, "fakes.py")
BASE_URL = "https://cme.example.cn"


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture(scope="session")
def signing_key_pem() -> str:
    """A fresh Ed25519 private key (PEM) for CME_CERT_SIGNING_KEY."""
    return _pem(Ed25519PrivateKey.generate())


@pytest.fixture(scope="session")
def urls() -> Urls:
    """The platform's public URLs in tests."""
    return Urls(BASE_URL)


@pytest.fixture(scope="session")
def signer(signing_key_pem, urls) -> Signer:
    """A signer with the session's key."""
    key = load_private_key(signing_key_pem)
    return Signer(key, f"{urls.issuer}#{multikey(key.public_key())}")


@pytest.fixture(scope="session")
def public_keys(signer) -> dict:
    """The verification keys matching `signer`, keyed by multikey."""
    return {multikey(signer.key.public_key()): signer.key.public_key()}


@pytest.fixture
def make_certificate():
    """Factory of a certificate for a Sichuan national class-I credit, with overrides."""
    def make(**overrides) -> Certificate:
        values = {
            "certificate_id": str(uuid.uuid4()),
            "certificate_number": "SC202600000123",
            "status_index": 123,
            "credit_id": f"credit-{uuid.uuid4().hex[:8]}",
            "id_number": "51010419850312123X",
            "name": "张晓明",
            "unit": "四川大学华西医院麻醉科",
            "project_number": "2021-03-05-129（国）",
            "project_name": "疼痛治疗新进展学习班",
            "level": "national",
            "credit_class": "I",
            "credits": 4.0,
            "hours": 12.0,
            "start_date": date(2026, 3, 5),
            "end_date": date(2026, 3, 7),
            "year": 2026,
            "jurisdiction": "sichuan",
            "issuing_office": "四川省继续医学教育委员会办公室",
            "approved_at": datetime(2026, 3, 20, 9, tzinfo=UTC),
        }
        return Certificate(**(values | overrides))

    return make


@pytest.fixture
def credit_approved():
    """Factory of a CreditApproved event with a new credit id, with overrides."""
    def make(**overrides) -> CreditApproved:
        values = {
            "credit_id": f"credit-{uuid.uuid4().hex[:10]}",
            "id_number": "51010419850312123X",
            "name": "张晓明",
            "unit": "四川大学华西医院麻醉科",
            "year": 2026,
            "credit_class": "I",
            "level": "national",
            "credits": 4,
            "hours": 12,
            "source": "session",
            "project_number": f"2026-03-05-{uuid.uuid4().int % 1000:03d}（国）",
            "project_name": "疼痛治疗新进展学习班",
            "start_date": date(2026, 3, 5),
            "end_date": date(2026, 3, 7),
            "jurisdiction": "sichuan",
            "issuing_office": "四川省继续医学教育委员会办公室",
            "approved_by": "省继教办审核员",
            "approved_at": datetime.now(UTC),
        }
        return CreditApproved(**(values | overrides))

    return make


def random_id_number() -> str:
    """A fresh valid ID number, so tests do not find each other's certificates (the public
    query reads the number it is given, so it must be one)."""
    n = uuid.uuid4().int
    first_17 = f"510104{1950 + n % 50}{n // 50 % 12 + 1:02d}{n // 600 % 28 + 1:02d}{n // 16800 % 1000:03d}"
    return first_17 + id_check_digit(first_17)


@pytest.fixture
def new_id_number():
    """Factory of fresh ID numbers."""
    return random_id_number


@pytest.fixture
def fake_uow() -> InMemoryUnitOfWork:
    """A certificates unit of work on an empty in-memory repository (`uow.certificates`)."""
    return InMemoryUnitOfWork(source="certificates", certificates=fakes.FakeCertificateRepository())
