"""Events of the certificates service (电子学分证书)."""

from __future__ import annotations

from datetime import datetime

from cme_contracts import topics
from cme_contracts.base import IntegrationEvent


class _CertificatesEvent(IntegrationEvent):
    topic = topics.CERTIFICATES
    key_field = "id_number"


class CertificateIssued(_CertificatesEvent):
    """An electronic certificate was issued for an approved credit."""

    event_type = "cme.certificates.CertificateIssued"

    certificate_id: str
    certificate_number: str
    credit_id: str
    id_number: str
    issued_at: datetime
    verify_url: str


class CertificateRevoked(_CertificatesEvent):
    """A certificate was revoked because its credit was withdrawn or corrected."""

    event_type = "cme.certificates.CertificateRevoked"

    certificate_id: str
    certificate_number: str
    credit_id: str
    id_number: str
    reason: str
    revoked_at: datetime
