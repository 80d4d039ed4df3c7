"""Compliance proofs (学分达标证明): issued to a learner, verified by anyone, live.

The platform's certificate key signs the proof, so the certificates service issues it; the
compliance result comes from the credits service, asked as the learner (`CreditsApi`).
"""

from __future__ import annotations

import asyncio
import uuid
from zoneinfo import ZoneInfo

from cme_certificates.adapters.credits_api import CreditsApi
from cme_certificates.adapters.pdf import certificate_number_in
from cme_certificates.adapters.proof_pdf import proof_subject, render_proof
from cme_certificates.adapters.proofs import StoredProof
from cme_certificates.adapters.storage import StoredPdf
from cme_certificates.domain.proof import Disclosure, Holder, build_proof, check_request, is_proof, proof_id_of
from cme_certificates.domain.proof_verification import ProofVerification, credential_ids, judge_proof
from cme_certificates.service_layer.authority import Authority
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_contracts.jurisdictions import registry
from cme_platform.auth import Principal, Role
from cme_platform.clock import Clock
from cme_platform.credentials.signing import proof_is_valid
from cme_platform.errors import NotFound

_NOT_FOUND = "未查询到该达标证明：请使用证明上的二维码，或登录后查看"


async def issue_proof(uow: CertificatesUnitOfWork, authority: Authority, credits_api: CreditsApi, learner: Principal,
                      token: str, *, years: list[int], staff_level: str | None, disclosure: Disclosure) -> StoredProof:
    """A signed proof of the learner's compliance in `years`, stored with the digest of its PDF."""
    if not learner.id_number:
        raise NotFound("certificate.no_identity", "当前账号未绑定身份证号，无法开具达标证明")
    chosen = check_request(years, staff_level, this_year(uow.clock, learner.jurisdiction))
    id_number = learner.id_number.upper()
    # Asked before the transaction opens: no database connection is held while credits answers.
    results = [await credits_api.compliance(token, id_number, year, staff_level) for year in chosen]
    counted = list({c["credit_id"] for r in results for c in r["credits"] if c["counted"]})
    issued_at = uow.clock.now().replace(microsecond=0)
    proof_id = str(uuid.uuid4())
    async with uow:
        certificates = await uow.certificates.latest_for_credits(counted) if counted else {}
        mine = await uow.certificates.search(id_number=id_number, limit=1)
        jurisdiction = registry().get(results[0]["jurisdiction"])
        latest = mine[0] if mine else None
        holder = Holder(name=latest.name if latest else learner.name, unit=latest.unit if latest else None,
                        id_number=id_number, jurisdiction=jurisdiction.id,
                        jurisdiction_name=jurisdiction.name)
        unsigned = build_proof(proof_id, holder, disclosure, results, certificates, authority.urls, issued_at)
        credential = authority.signer.sign(unsigned, issued_at)
        pdf = await asyncio.to_thread(render_proof, credential, authority.proof_link(proof_id), jurisdiction.timezone)
        stored = StoredProof(proof_id, id_number, credential, StoredPdf.digest(pdf), issued_at)
        await uow.proofs.add(stored)
        await uow.commit()
    return stored


def this_year(clock: Clock, jurisdiction: str | None) -> int:
    """The year where the learner is: on New Year's morning in Beijing it is already the new one (UTC's is not)."""
    return clock.today(ZoneInfo(registry().get(jurisdiction or "national").timezone)).year


async def proof_for(uow: CertificatesUnitOfWork, proof_id: str, *, token_valid: bool,
                    principal: Principal | None) -> StoredProof:
    """A proof for whoever may open it: with its token (the QR code), or its learner signed in;
    anyone else is told it does not exist, as for an id that does not."""
    async with uow:
        stored = await uow.proofs.get(proof_id) if _is_uuid(proof_id) else None
    own = (principal is not None and principal.role is Role.LEARNER and stored is not None
           and (principal.id_number or "").upper() == stored.id_number)
    if stored is None or not (token_valid or own):
        raise NotFound("proof.not_found", _NOT_FOUND, proof_id=proof_id)
    return stored


async def proof_pdf(stored: StoredProof, authority: Authority) -> bytes:
    """The proof's PDF, drawn again from its credential (the same bytes as at issue), off the event loop."""
    timezone = registry().get(stored.credential["credentialSubject"]["jurisdiction"]["id"]).timezone
    return await asyncio.to_thread(render_proof, stored.credential, authority.proof_link(stored.proof_id), timezone)


async def check_stored(uow: CertificatesUnitOfWork, stored: StoredProof, authority: Authority) -> ProofVerification:
    """The verdict on a stored proof: its listed certificates as they are now."""
    return await verify_document(uow, stored.credential, authority)


async def verify_document(uow: CertificatesUnitOfWork, document: dict, authority: Authority) -> ProofVerification:
    """The verdict on a proof JSON someone holds: tampered unless our signature holds, then
    valid, or changed when one of its certificates was revoked since."""
    if not proof_is_valid(document, authority.public_keys):
        return judge_proof(document, signature_valid=False, certificates={})
    async with uow:
        certificates = await uow.certificates.by_ids([i for i in credential_ids(document) if _is_uuid(i)])
    return judge_proof(document, signature_valid=True, certificates=certificates)


async def verify_pdf(uow: CertificatesUnitOfWork, proof_id: str, pdf: bytes, authority: Authority) -> ProofVerification:
    """The verdict on an uploaded proof PDF: byte for byte the one drawn at issue, then as its credential."""
    async with uow:
        stored = await uow.proofs.get(proof_id) if _is_uuid(proof_id) else None
    if stored is None:
        return judge_proof(None, signature_valid=False, certificates={})
    if StoredPdf.digest(pdf) != stored.pdf_sha256:
        return judge_proof(stored.credential, signature_valid=False, certificates={})
    return await check_stored(uow, stored, authority)


async def verify_submitted(uow: CertificatesUnitOfWork, submitted: bytes | object,
                           authority: Authority) -> ProofVerification | None:
    """The verdict on what someone submitted on the verify page if it is a proof (a PDF naming
    `proof:<id>`, or a JSON whose type says so); None when it is a certificate's, for their checks."""
    if isinstance(submitted, bytes):
        proof_id = proof_subject(certificate_number_in(submitted))
        return await verify_pdf(uow, proof_id, submitted, authority) if proof_id else None
    if isinstance(submitted, dict) and is_proof(submitted) and proof_id_of(submitted):
        return await verify_document(uow, submitted, authority)
    return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
