"""Read side: verification (证书验证), public query (学员证书查询) and the status lists."""

from __future__ import annotations

from cme_certificates.adapters.pdf import certificate_number_in
from cme_certificates.adapters.storage import StoredPdf
from cme_certificates.domain.access import Access
from cme_certificates.domain.credential import credential_id_of
from cme_certificates.domain.model import Certificate
from cme_certificates.domain.verification import VerificationResult, judge
from cme_certificates.service_layer.authority import Authority
from cme_certificates.service_layer.rendering import PdfRenderer
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_contracts.identifiers import InvalidIdNumber, read_id_number
from cme_platform.auth import Principal
from cme_platform.credentials.signing import proof_is_valid
from cme_platform.credentials.status_list import STATUS_LIST_SIZE, encode_status_list, status_list_credential
from cme_platform.errors import DomainError, NotFound


class QueryRefused(DomainError):
    """A public query without the fields it needs, or with an ID number that is not one."""

    status_code = 400


async def verify_number(uow: CertificatesUnitOfWork, number: str, access: Access) -> VerificationResult:
    """The verdict for a certificate number, as printed on the PDF and in its QR code; without
    the name or the token it is `not_found`, the same as a number that does not exist."""
    async with uow:
        certificate = await uow.certificates.by_number(number.strip())
    return judge(certificate if certificate is not None and access.may_view(certificate) else None)


async def verify_credential(uow: CertificatesUnitOfWork, document: object, authority: Authority) -> VerificationResult:
    """The verdict for a credential JSON someone holds: tampered unless our signature holds,
    then valid or revoked by the certificate's current state."""
    if not isinstance(document, dict):
        return judge(None, signature_valid=False)
    signature_valid = proof_is_valid(document, authority.public_keys)
    certificate = None
    certificate_id = credential_id_of(document)
    if certificate_id is not None:
        async with uow:
            certificate = await uow.certificates.by_id(certificate_id)
    return judge(certificate, signature_valid=signature_valid)


async def public_query(uow: CertificatesUnitOfWork, *, project_number: str | None, name: str | None,
                       id_number: str | None) -> list[Certificate]:
    """学员证书查询: by project number + learner name, or by ID number (results are masked by the caller)."""
    project_number, name, id_number = (v.strip() if v else None for v in (project_number, name, id_number))
    if project_number and name:
        async with uow:
            return await uow.certificates.search(project_number=project_number, name=name)
    if not id_number:
        raise QueryRefused("certificate_query.missing_fields", "请输入项目编号和学员姓名，或输入身份证号")
    wanted = _read(id_number)
    async with uow:
        return await uow.certificates.search(id_number=wanted)


def _read(id_number: str) -> str:
    try:
        return read_id_number(id_number)
    except InvalidIdNumber as invalid:
        raise QueryRefused(invalid.code, invalid.message) from None


async def certificates_of(uow: CertificatesUnitOfWork, learner: Principal) -> list[Certificate]:
    """A signed-in learner's own certificates (我的证书), found by the ID number of their account."""
    if not learner.id_number:
        raise NotFound("certificate.no_identity", "当前账号未绑定身份证号，无法查询证书")
    async with uow:
        return await uow.certificates.search(id_number=learner.id_number)


async def certificate_by_number(uow: CertificatesUnitOfWork, number: str, access: Access, *,
                                download: bool = False) -> tuple[Certificate, StoredPdf, dict]:
    """An issued or revoked certificate with its stored PDF and credential, if `access` lets the
    caller see it (or download it); otherwise NotFound, the same answer as for a wrong number."""
    async with uow:
        certificate = await uow.certificates.by_number(number)
        stored = await uow.certificates.stored(number)
    allowed = certificate is not None and (access.may_download(certificate) if download
                                           else access.may_view(certificate))
    if certificate is None or not allowed or stored is None:
        message = (
            "未查询到该证书：请使用证书上的二维码，或登录后下载" if download else "未查询到该证书，请核对证书编号和姓名"
        )
        raise NotFound("certificate.not_found", message, certificate_number=number)
    pdf, credential = stored
    return certificate, pdf, credential


async def certificate_pdf(uow: CertificatesUnitOfWork, number: str, access: Access, renderer: PdfRenderer) -> bytes:
    """The PDF of a certificate the caller may download (drawn now if it is its first download)."""
    certificate, stored, _ = await certificate_by_number(uow, number, access, download=True)
    return await renderer.pdf_of(certificate, stored)


async def verify_submitted(uow: CertificatesUnitOfWork, submitted: bytes | object,
                           authority: Authority) -> VerificationResult:
    """The verdict for what someone submitted: a certificate PDF's bytes, or a parsed credential."""
    if isinstance(submitted, bytes):
        return await verify_pdf(uow, submitted)
    return await verify_credential(uow, submitted, authority)


async def verify_pdf(uow: CertificatesUnitOfWork, pdf: bytes) -> VerificationResult:
    """The verdict for a certificate PDF someone holds: it names its number in its metadata,
    and must be byte for byte the PDF that was issued under that number."""
    number = certificate_number_in(pdf)
    if number is None:
        return judge(None, signature_valid=False)
    async with uow:
        certificate = await uow.certificates.by_number(number)
        stored = await uow.certificates.stored(number)
    if certificate is None or stored is None:
        return judge(None)
    return judge(certificate, signature_valid=StoredPdf.digest(pdf) == stored[0].sha256)


async def status_list(uow: CertificatesUnitOfWork, list_number: int, authority: Authority) -> dict:
    """One signed BitstringStatusListCredential: the revocations among its 131,072 indexes."""
    first = list_number * STATUS_LIST_SIZE
    async with uow:
        revoked = await uow.certificates.revoked_indexes(first, first + STATUS_LIST_SIZE)
    now = uow.clock.now().replace(microsecond=0)
    document = status_list_credential(
        authority.urls.status_list(list_number), authority.urls.issuer,
        encode_status_list(index - first for index in revoked), now.isoformat())
    return authority.signer.sign(document, now)
