"""Shared fixtures of the certificates service's tests: sample credits and certificates,
a signing key made for the session, the issuing authority built from it, and the in-memory
repository the unit tests run the use cases on."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_certificates.adapters.storage import StoredPdf
from cme_certificates.domain.credential import Urls
from cme_certificates.domain.model import Certificate, CertificateState
from cme_certificates.domain.signing import Signer, load_private_key, multikey
from cme_contracts.events import CreditApproved
from cme_contracts.identifiers import id_check_digit, normalize_project_number
from cme_platform.testing.fakes import InMemoryUnitOfWork

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


class FakeCertificateRepository:
    """In memory, what `adapters.repository.CertificateRepository` keeps in PostgreSQL.

    `integration/test_repository_contracts.py` runs the same scenarios against both.
    """

    def __init__(self):
        self.rows: dict[str, Certificate] = {}  # by certificate id, in the order created
        self.files: dict[str, tuple[str, str | None, dict]] = {}  # id → (PDF key, SHA-256, credential)
        self._serials = itertools.count(1)

    async def next_serials(self, count: int) -> list[int]:
        return [next(self._serials) for _ in range(count)]

    async def add_pending(self, batch: list[Certificate]) -> int:
        live = {c.credit_id for c in self.rows.values() if c.state != CertificateState.REVOKED}
        added = [c for c in batch if c.credit_id not in live]  # the partial unique index on live credits
        self.rows.update((c.certificate_id, c) for c in added)
        return len(added)

    async def latest_for_credits(self, credit_ids: list[str]) -> dict[str, Certificate]:
        return {c.credit_id: c for c in self.rows.values() if c.credit_id in credit_ids}  # the last one wins

    async def latest_for_credit(self, credit_id: str, *, lock: bool = False) -> Certificate | None:
        return (await self.latest_for_credits([credit_id])).get(credit_id)

    async def claim_pending(self, limit: int) -> list[Certificate]:
        return [c for c in self.rows.values() if c.state == CertificateState.PENDING][:limit]

    async def mark_issued(self, issued: list[tuple[Certificate, str, dict]], issued_at: datetime) -> None:
        for certificate, key, credential in issued:
            self._change(certificate.certificate_id, state=CertificateState.ISSUED, issued_at=issued_at)
            self.files[certificate.certificate_id] = (key, None, credential)

    async def claim_unrendered(self, limit: int) -> list[Certificate]:
        issued = [c for c in self.rows.values() if c.state == CertificateState.ISSUED
                  and self.files[c.certificate_id][1] is None]
        return sorted(issued, key=lambda c: c.issued_at)[:limit]

    async def mark_rendered(self, rendered: list[tuple[str, str]]) -> None:
        for certificate_id, sha256 in rendered:
            key, known, credential = self.files[certificate_id]
            self.files[certificate_id] = (key, known or sha256, credential)

    async def mark_revoked(self, certificate_id: str, revoked_at: datetime, reason: str) -> None:
        self._change(certificate_id, state=CertificateState.REVOKED, revoked_at=revoked_at, revoke_reason=reason)

    async def by_number(self, number: str) -> Certificate | None:
        return next((c for c in self.rows.values() if c.certificate_number == number), None)

    async def by_id(self, certificate_id: str) -> Certificate | None:
        return self.rows.get(certificate_id)

    async def stored(self, number: str) -> tuple[StoredPdf, dict] | None:
        found = await self.by_number(number)
        if found is None or found.certificate_id not in self.files:
            return None
        key, sha256, credential = self.files[found.certificate_id]
        return StoredPdf(key, sha256), credential

    async def search(self, *, project_number: str | None = None, name: str | None = None,
                     id_number: str | None = None, limit: int = 100) -> list[Certificate]:
        def wanted(c: Certificate) -> bool:
            if project_number is not None:
                key = normalize_project_number(project_number)
                return normalize_project_number(c.project_number or "") == key and c.name == name
            return c.id_number == id_number

        found = [c for c in self.rows.values() if c.state != CertificateState.PENDING and wanted(c)]
        return sorted(found, key=lambda c: c.issued_at, reverse=True)[:limit]

    async def revoked_indexes(self, first: int, last: int) -> list[int]:
        return [c.status_index for c in self.rows.values()
                if c.state == CertificateState.REVOKED and first <= c.status_index < last]

    def _change(self, certificate_id: str, **values) -> None:
        self.rows[certificate_id] = replace(self.rows[certificate_id], **values)


@pytest.fixture
def fake_uow() -> InMemoryUnitOfWork:
    """A certificates unit of work on an empty in-memory repository (`uow.certificates`)."""
    return InMemoryUnitOfWork(source="certificates", certificates=FakeCertificateRepository())
