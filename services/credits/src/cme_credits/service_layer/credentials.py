"""Self-entry by credential (凭电子证书录入): a learner presents another platform's certificate.

The credential is checked before any transaction opens (the issuer's keys and status list may
take a moment to arrive), then entered as any self-entry is, through every rule of the
learner's jurisdiction, with the credential standing for the evidence PDF. It still goes up
the review chain, marked 已验证电子证书 so reviewers can approve such entries in bulk.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from cme_credits.adapters.issuers import IssuerDirectory
from cme_credits.domain import credentials
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.rules import load_rule_set
from cme_credits.domain.self_entry import Entry
from cme_credits.service_layer import entries
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden


async def verified_entry(principal: Principal, submitted: bytes | dict, issuers: IssuerDirectory, *,
                         own_issuer: str, now: datetime) -> Entry:
    """The entry a credential (JSON, or a certificate PDF pointing at one) makes, once it proved to be
    signed by a trusted issuer, unchanged, not revoked and the learner's own; a refusal otherwise."""
    if principal.role is not Role.LEARNER or not principal.id_number:
        raise Forbidden("credential.learner_only", "只有学员本人可以凭电子证书录入学分")
    if not principal.jurisdiction:
        raise CreditRefused("self_entry.jurisdiction_required", "请指明学分所属地区（省/市）")
    rules = load_rule_set(principal.jurisdiction)
    if isinstance(submitted, bytes):
        origins = {_origin(i.issuer_id(own_issuer)) for i in rules.trusted_issuers}
        submitted = await issuers.credential_in_pdf(submitted, origins)
    issuer = credentials.trusted_issuer(rules.trusted_issuers, submitted, own_issuer=own_issuer,
                                        jurisdiction_name=rules.name)
    issuer_id = issuer.issuer_id(own_issuer)
    keys = await issuers.keys(issuer.keys_url(own_issuer), issuer_id)
    credentials.check_proof(submitted, issuer_id, keys, now)
    credentials.check_validity(submitted, now)
    published = (issuer_id, issuer.keys_url(own_issuer) or issuer.keys)
    credentials.check_status_list_origin(submitted, {_origin(u) for u in published if u and u.startswith("http")})
    credentials.check_not_revoked(await issuers.revoked(submitted, keys))
    credentials.check_subject(submitted, id_number=principal.id_number, name=principal.name or None)
    return credentials.entry_of(issuer, submitted, id_number=principal.id_number,
                                name=principal.name or _subject_name(submitted))


async def enter_by_credential(uow: CreditsUnitOfWork, principal: Principal, submitted: bytes | dict,
                              issuers: IssuerDirectory, *, own_issuer: str, now: datetime) -> dict:
    """凭电子证书录入: verify, then record a draft pre-filled from the credential (no evidence PDF)."""
    entry = await verified_entry(principal, submitted, issuers, own_issuer=own_issuer, now=now)
    saved = await entries.enter(uow, principal, entry, jurisdiction=principal.jurisdiction)
    return saved | {"verified_credential": True, "entry": _shown(entry)}


def _shown(entry: Entry) -> dict:
    return {"project_name": entry.project_name, "project_number": entry.project_number, "sponsor": entry.sponsor,
            "level": entry.level, "credit_class": entry.credit_class, "credits": entry.credits, "hours": entry.hours,
            "start_date": entry.start_date.isoformat() if entry.start_date else None,
            "end_date": entry.end_date.isoformat() if entry.end_date else None, "year": entry.year}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _subject_name(document: dict) -> str:
    identifiers = document.get("credentialSubject", {}).get("identifier", [])
    return next((str(i.get("identityHash")) for i in identifiers if i.get("identityType") == "name"), "")
