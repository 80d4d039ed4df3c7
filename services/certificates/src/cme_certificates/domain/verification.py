"""Verification verdicts (证书验证结果): valid, revoked, tampered, or not ours at all."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cme_certificates.domain.model import Certificate, CertificateState, chinese_date

TAMPERED_MESSAGE = "证书内容与签发时的签名或原件不符：已被篡改，或并非本平台签发。请以本平台登记的信息为准。"


class Verdict(StrEnum):
    """What a verifier is told."""

    VALID = "valid"  # 有效
    REVOKED = "revoked"  # 已撤销
    TAMPERED = "tampered"  # 被篡改 / 签名无效
    NOT_FOUND = "not_found"  # 查无此证


@dataclass(frozen=True)
class VerificationResult:
    """A verdict, the Chinese sentence that explains it, and the certificate when known."""

    verdict: Verdict
    message: str
    certificate: Certificate | None = None


def judge(certificate: Certificate | None, *, signature_valid: bool = True) -> VerificationResult:
    """The verdict on a certificate found by number, or named by a credential whose
    signature was checked (`signature_valid`)."""
    if not signature_valid:
        return VerificationResult(Verdict.TAMPERED, TAMPERED_MESSAGE, certificate)
    if certificate is None or certificate.state == CertificateState.PENDING:
        return VerificationResult(Verdict.NOT_FOUND, "未查询到该证书，请核对证书编号。")
    if certificate.state == CertificateState.REVOKED:
        when = chinese_date(certificate.revoked_at) if certificate.revoked_at else "—"
        reason = certificate.revoke_reason or "学分已撤销或更正"
        return VerificationResult(Verdict.REVOKED, f"该证书已于{when}撤销（原因：{reason}），不再有效。", certificate)
    return VerificationResult(
        Verdict.VALID, f"证书有效：由{certificate.issuing_office}签发，内容与签名一致。", certificate)
