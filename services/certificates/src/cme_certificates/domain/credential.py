"""The certificate as an Open Badges 3.0 credential (W3C Verifiable Credentials 2.0 data model).

The PDF is for people; this JSON is for machines: it states the same facts, carries the
issuer's Data Integrity proof, and points at the revocation status list, so anyone can
check it without asking the platform. The learner's ID number is not in it in clear: it is
a salted SHA-256 hash (OB 3.0 IdentityObject) that a verifier holding the number can match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cme_certificates.domain.model import Certificate
from cme_certificates.domain.rules import CertificateRules
from cme_platform.credentials import identity_hash
from cme_platform.credentials.status_list import STATUS_LIST_SIZE

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclass(frozen=True)
class Urls:
    """Where the platform publishes what a credential points at (public_base_url based)."""

    base: str

    @property
    def issuer(self) -> str:
        """The issuer profile, which also lists the verification key."""
        return f"{self.base}/api/certificates/issuer"

    def verify_page(self, number: str) -> str:
        """The page a certificate's QR code opens (证书验证)."""
        return f"{self.base}/certificates/verify/{number}"

    def proof_page(self, proof_id: str) -> str:
        """The page a compliance proof's QR code opens (达标证明验证)."""
        return f"{self.base}/certificates/proofs/{proof_id}"

    def status_list(self, list_number: int) -> str:
        """One revocation status list credential."""
        return f"{self.base}/api/certificates/status-lists/{list_number}"


def build_credential(certificate: Certificate, rules: CertificateRules, urls: Urls, issued_at: datetime) -> dict:
    """The unsigned OpenBadgeCredential for an issued certificate."""
    salt = certificate.certificate_id.replace("-", "")[:16]
    list_number, list_index = divmod(certificate.status_index, STATUS_LIST_SIZE)
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": certificate.name},
            {"type": "IdentityObject", "identityType": "identifier", "hashed": True, "salt": salt,
             "identityHash": identity_hash(certificate.id_number, salt)},
        ],
        "achievement": _achievement(certificate, urls),
        "creditsEarned": certificate.credits,
    }
    if certificate.hours is not None:
        subject["hours"] = certificate.hours  # 学时: not an OB 3.0 term (issuer-dependent, as VC 2.0 allows)
    if certificate.start_date:
        subject["activityStartDate"] = certificate.start_date.isoformat() + "T00:00:00Z"
    if certificate.end_date:
        subject["activityEndDate"] = certificate.end_date.isoformat() + "T00:00:00Z"
    if certificate.unit:
        subject["source"] = {"type": ["Profile"], "id": f"{urls.issuer}/units/{certificate.certificate_id}",
                             "name": certificate.unit}
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{certificate.certificate_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{rules.title}（{certificate.certificate_number}）",
        "issuer": {"id": urls.issuer, "type": ["Profile"], "name": certificate.issuing_office},
        "validFrom": issued_at.isoformat(timespec="seconds"),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{urls.status_list(list_number)}#{list_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(list_index),
            "statusListCredential": urls.status_list(list_number),
        },
    }


def _achievement(certificate: Certificate, urls: Urls) -> dict:
    achievement = {
        "id": urls.verify_page(certificate.certificate_number),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.project_name,
        "description": f"{certificate.year}年度继续医学教育学分：{certificate.level_label}{certificate.class_label}"
                       f"学分{certificate.credits_text}分",
        "criteria": {"narrative": f"经{certificate.issuing_office}审核通过，授予继续医学教育学分。"},
        "creditsAvailable": certificate.credits,
        "fieldOfStudy": "继续医学教育",
        "tag": [certificate.level_label, certificate.class_label, str(certificate.year)],
    }
    if certificate.project_number:
        achievement["humanCode"] = certificate.project_number
    return achievement


def credential_id_of(document: dict) -> str | None:
    """The certificate id a credential names (its `urn:uuid:` id), if it has one."""
    value = document.get("id") if isinstance(document, dict) else None
    if isinstance(value, str) and value.startswith("urn:uuid:"):
        return value.removeprefix("urn:uuid:")
    return None
