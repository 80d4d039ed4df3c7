"""Verdicts on a compliance proof (达标证明验证): its signature, then each listed certificate's state now.

The proof's own statement never changes after issue; what a committee needs to know is whether
it still holds. So every listed credit is shown with its certificate's current state, and a
proof one of whose certificates was revoked since is `changed`, not `valid`: the compliance it
states was computed with that credit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cme_certificates.domain.model import Certificate, CertificateState, chinese_date, format_credits
from cme_certificates.domain.rules import rules_for
from cme_certificates.domain.verification import TAMPERED_MESSAGE


class ProofVerdict(StrEnum):
    """What a verifier of a proof is told."""

    VALID = "valid"  # 有效：签名一致，所列学分证书均有效
    CHANGED = "changed"  # 已变更：签名一致，但有学分证书在签发后被撤销
    TAMPERED = "tampered"  # 被篡改 / 签名无效
    NOT_FOUND = "not_found"  # 查无此证明


@dataclass(frozen=True)
class ProofVerification:
    """A verdict, its Chinese sentence, the proof as issued, and each listed credit's state now."""

    verdict: ProofVerdict
    message: str
    proof: dict | None = None
    credits: list[dict] = field(default_factory=list)


def credential_ids(proof: dict) -> list[str]:
    """The certificate ids (credential `urn:uuid:`s) a proof lists."""
    subject = proof.get("credentialSubject")
    listed = subject.get("credits") if isinstance(subject, dict) else None
    if not isinstance(listed, list):
        return []
    return [str(c["credential"]).removeprefix("urn:uuid:") for c in listed
            if isinstance(c, dict) and isinstance(c.get("credential"), str)]


def judge_proof(proof: dict | None, *, signature_valid: bool,
                certificates: dict[str, Certificate]) -> ProofVerification:
    """The verdict on a proof whose signature was checked, with `certificates` its listed
    certificates as they are now (by certificate id)."""
    if proof is None:
        return ProofVerification(ProofVerdict.NOT_FOUND, "未查询到该达标证明，请使用证明上的二维码或上传证明文件。")
    if not signature_valid:
        return ProofVerification(ProofVerdict.TAMPERED, TAMPERED_MESSAGE)  # its claims are not ours: not shown
    states = [_state_now(credit, certificates) for credit in proof["credentialSubject"]["credits"]]
    revoked = [c for c in states if c["state"] == "revoked"]
    if not revoked:
        message = "达标证明有效：签名一致，所列学分证书当前均未撤销。"
        return ProofVerification(ProofVerdict.VALID, message, proof, states)
    total = format_credits(sum(float(c.get("credits") or 0) for c in revoked))
    message = (f"达标证明签名一致，但其中{len(revoked)}项学分（共{total}分）的证书已在证明签发后撤销，"
               "证明中的达标结论可能已不成立，请以最新记录为准。")
    return ProofVerification(ProofVerdict.CHANGED, message, proof, states)


def _state_now(credit: dict, certificates: dict[str, Certificate]) -> dict:
    certificate_id = str(credit.get("credential", "")).removeprefix("urn:uuid:")
    certificate = certificates.get(certificate_id) if certificate_id else None
    now = dict(credit)
    if certificate is None:
        return now | {"state": "unknown", "stateText": "暂无证书（无法核对）"}
    if certificate.state == CertificateState.PENDING:
        return now | {"state": "pending", "stateText": "证书签发中"}
    if certificate.state == CertificateState.REVOKED:
        revoked_at = certificate.revoked_at
        when = chinese_date(rules_for(certificate.jurisdiction).local_date(revoked_at)) if revoked_at else "—"
        reason = certificate.revoke_reason or "学分已撤销或更正"
        return now | {"state": "revoked", "stateText": f"已撤销（{when}，{reason}）"}
    return now | {"state": "valid", "stateText": "有效"}
