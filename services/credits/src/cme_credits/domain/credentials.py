"""Self-entry by credential (凭电子证书录入): the pure checks on a credential a learner presents.

The adapter fetches what lies elsewhere (the issuer's keys, its status list); these functions
decide, in the order a person would ask: is the issuer on our trust list, is it a kind of
credential we take, did that issuer sign these very bytes with a key still valid, is it still
valid, is it the learner's own — and then what entry it makes.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.self_entry import Entry
from cme_credits.domain.trust_registry import TrustedIssuer
from cme_platform.credentials import identity_hash
from cme_platform.credentials.signing import proof_is_valid

# Another platform's clock may run a little ahead: a certificate downloaded there this minute is valid here.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class IssuerKey:
    """One verification method of an issuer: its key and, once retired, when it stopped being valid."""

    public_key: Ed25519PublicKey
    expires: datetime | None = None


def refused(code: str, message: str, **details) -> CreditRefused:
    """A refusal of a presented credential (codes `credential.*`)."""
    return CreditRefused(f"credential.{code}", message, **details)


def issuer_of(document: dict) -> str:
    """The issuer id a credential names (`issuer` is an id or a profile with one)."""
    issuer = document.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else ""


def credential_id(document: dict) -> str:
    """The credential's own id, which makes a second entry of it a duplicate."""
    value = document.get("id")
    if not isinstance(value, str) or not value:
        raise refused("unreadable", "电子证书缺少编号（id），无法识别，请上传签发方提供的完整凭证文件")
    return value


def trusted_issuer(issuers: tuple[TrustedIssuer, ...], document: dict, *, own_issuer: str,
                   jurisdiction_name: str) -> TrustedIssuer:
    """The trust-list entry of the credential's issuer, or a refusal naming the issuer."""
    named = issuer_of(document)
    found = next((i for i in issuers if i.issuer_id(own_issuer) == named), None)
    if found is None:
        raise refused("untrusted_issuer", f"该电子证书的签发方不在{jurisdiction_name}认可的签发方名单中，"
                      "不能凭此证书录入；请按赴外省学习上传学分证PDF录入", issuer=named)
    types = document.get("type")
    types = types if isinstance(types, list) else []
    if not any(t in found.credential_types for t in types):
        accepted = "、".join(found.credential_types)
        raise refused("type_not_accepted", f"{found.name}的此类电子凭证不被受理（受理：{accepted}）", types=types)
    return found


def check_proof(document: dict, issuer: str, keys: dict[str, IssuerKey], now: datetime) -> None:
    """Signed by the issuer's own key, still valid, and not one signed byte changed."""
    proof = document.get("proof")
    method = str(proof.get("verificationMethod", "")) if isinstance(proof, dict) else ""
    controller, _, key_id = method.partition("#")
    key = keys.get(key_id)
    if key is None or (not issuer.startswith("did:") and controller != issuer):
        raise refused("forged", "电子证书的签名不是该签发方的密钥所签：证书系伪造，不能录入")
    if key.expires is not None and key.expires <= now:
        raise refused("key_expired", "签发该证书的密钥已过期停用，证书不能再作为录入凭证；请向签发方重新下载证书",
                      expired_at=key.expires.isoformat())
    if not proof_is_valid(document, {key_id: key.public_key}):
        raise refused("tampered", "电子证书内容与签名不符：签发后已被改动（篡改），不能录入")


def check_validity(document: dict, now: datetime) -> None:
    """Inside its validity period (VC 2.0 `validFrom`, `validUntil`): the issuer's own word on when it holds."""
    start, until = _instant(document.get("validFrom")), _instant(document.get("validUntil"))
    if (start is not None and start > now + CLOCK_SKEW) or (until is not None and until <= now):
        raise refused("not_valid_now", "该电子证书不在签发方规定的有效期内（已过期或尚未生效），不能录入",
                      valid_from=document.get("validFrom"), valid_until=document.get("validUntil"))


def check_status_list_origin(document: dict, trusted_origins: set[str]) -> None:
    """The status list a credential names lies on its issuer's own site (the origin of its issuer id or
    published keys): the URL is the credential's to choose, and this service must never be made to
    fetch an internal address (SSRF) on a credential's say."""
    status = document.get("credentialStatus")
    if not isinstance(status, dict) or status.get("statusPurpose") != "revocation":
        return
    parts = urlsplit(str(status.get("statusListCredential", "")))
    if f"{parts.scheme}://{parts.netloc}" not in trusted_origins:
        raise refused("status_unverifiable", "无法核验该证书的撤销状态（状态列表不在签发方网站上），不能录入",
                      status_list=str(status.get("statusListCredential", "")))


def check_not_revoked(revoked: bool) -> None:
    """The issuer's status list has not revoked it."""
    if revoked:
        raise refused("revoked", "该电子证书已被签发方撤销，不能录入")


def check_subject(document: dict, *, id_number: str, name: str | None) -> None:
    """The credential is the learner's own: the same name (when the account has one), and the ID
    number its hash was made of."""
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier", []) if isinstance(subject, dict) else []
    by_type = {i.get("identityType"): i for i in identifiers if isinstance(i, dict)}
    named = by_type.get("name", {}).get("identityHash")
    hashed = by_type.get("identifier", {})
    expected = identity_hash(id_number, str(hashed.get("salt", "")))
    same_number = hmac.compare_digest(str(hashed.get("identityHash", "")).encode(), expected.encode())
    if (name and named != name) or not same_number:
        raise refused("not_yours", "电子证书上的姓名、身份证号与本人不一致：只能凭本人的证书录入")


def entry_of(issuer: TrustedIssuer, document: dict, *, id_number: str, name: str) -> Entry:
    """The entry the credential pre-fills: activity, number, issuing body, level, class, dates, credits, hours."""
    subject = document["credentialSubject"]
    achievement = subject.get("achievement") or {}
    tags = [str(t) for t in achievement.get("tag", [])]
    level = issuer.level or next((issuer.levels[t] for t in tags if t in issuer.levels), None)
    credit_class = issuer.credit_class or next((issuer.classes[t] for t in tags if t in issuer.classes), None)
    start, end = _day(subject.get("activityStartDate")), _day(subject.get("activityEndDate"))
    year = next((int(t) for t in tags if t.isdigit() and len(t) == 4), None) or (end or start or date.min).year
    credits = subject.get("creditsEarned", achievement.get("creditsAvailable"))
    if not achievement.get("name") or not isinstance(credits, int | float):
        raise refused("unreadable", "电子证书缺少项目名称或学分，无法据此录入")
    body = document.get("issuer") if isinstance(document.get("issuer"), dict) else None
    number, hours, sponsor = achievement.get("humanCode"), subject.get("hours"), (body or {}).get("name")
    return Entry(category=issuer.category, id_number=id_number, name=name, project_name=str(achievement["name"]),
                 credits=float(credits), project_number=number if isinstance(number, str) else None,
                 sponsor=sponsor if isinstance(sponsor, str) else issuer.name, level=level, credit_class=credit_class,
                 hours=float(hours) if isinstance(hours, int | float) else None, start_date=start, end_date=end,
                 year=year, tcm=issuer.tcm, credential=credential_id(document))


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _instant(value: object) -> datetime | None:
    # A period given without a zone is read as UTC, as VC 2.0's dateTimeStamp would be.
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment
