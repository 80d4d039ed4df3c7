"""How certificates are shown outside the service: masked JSON views and verdict bodies."""

from __future__ import annotations

from typing import Any

from cme_certificates.domain.credential import Urls
from cme_certificates.domain.model import Certificate, chinese_date
from cme_certificates.domain.proof_verification import ProofVerification
from cme_certificates.domain.rules import rules_for
from cme_certificates.domain.verification import VerificationResult
from cme_contracts.identifiers import mask_id_number, mask_name


def certificate_view(certificate: Certificate, urls: Urls, *, token: str | None = None) -> dict:
    """A certificate as the API returns it; the ID number is always masked (身份证号脱敏).

    With the certificate's `token` (for its learner) the name is in full and the links carry
    the token, so they open without a sign-in; otherwise the name is masked.
    """
    number = certificate.certificate_number
    rules = rules_for(certificate.jurisdiction)
    suffix = f"?token={token}" if token else ""
    return {
        "certificate_number": number,
        "name": certificate.name if token else mask_name(certificate.name),
        "id_number": mask_id_number(certificate.id_number),
        "unit": certificate.unit,
        "project_number": certificate.project_number,
        "project_name": certificate.project_name,
        "level": certificate.level, "level_label": certificate.level_label,
        "credit_class": certificate.credit_class, "class_label": certificate.class_label,
        "credits": certificate.credits, "hours": certificate.hours,
        "year": certificate.year, "period": certificate.period_text,
        "issuing_office": certificate.issuing_office,
        "state": certificate.state.value,
        "issued_at": certificate.issued_at.isoformat() if certificate.issued_at else None,
        "issued_on": chinese_date(rules.local_date(certificate.issued_at)) if certificate.issued_at else None,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revoked_on": chinese_date(rules.local_date(certificate.revoked_at)) if certificate.revoked_at else None,
        "revoke_reason": certificate.revoke_reason,
        "verify_url": urls.verify_page(number) + suffix,
        "pdf_url": f"/api/certificates/{number}/pdf{suffix}",
        "credential_url": f"/api/certificates/{number}/credential{suffix}",
    }


def verdict_view(result: VerificationResult, urls: Urls, *, token: str | None = None) -> dict:
    """The body of a verification answer (links with the `token` when the visitor came with it)."""
    body: dict[str, Any] = {"verdict": result.verdict.value, "message": result.message, "certificate": None}
    if result.certificate is not None:
        body["certificate"] = certificate_view(result.certificate, urls, token=token)
    return body


def proof_verdict_view(result: ProofVerification) -> dict:
    """The body of a compliance proof's verification: the verdict, what the proof states (its
    holder as disclosed and each year's result) and each listed credit with its state now."""
    body: dict[str, Any] = {"kind": "compliance_proof", "verdict": result.verdict.value, "message": result.message,
                            "proof": None, "credits": result.credits}
    if result.proof is not None:
        subject = result.proof.get("credentialSubject", {})
        body["proof"] = {
            "id": result.proof.get("id"), "name": result.proof.get("name"), "valid_from": result.proof.get("validFrom"),
            "holder": {k: subject.get(k) for k in ("name", "idNumberMasked", "unit", "jurisdiction") if k in subject},
            "compliance": subject.get("compliance", []),
        }
    return body
