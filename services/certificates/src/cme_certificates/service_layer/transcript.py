"""Transcript export (学分档案导出): the learner's credits in formats other systems read.

- A W3C Verifiable Presentation (JSON): an unsigned envelope holding the learner's signed Open
  Badges credentials, one per live certificate. Unsigned on purpose: a presentation's proof is the
  holder's, proving they chose to present it, and the platform holds no key of the learner's; a
  platform signature would add nothing, since each credential inside already carries the issuer's
  proof and its revocation status, and is verified on its own (`POST /api/certificates/verify`).
- XLSX (or CSV): one row per certificate, through the platform's table writer.
"""

from __future__ import annotations

from datetime import datetime

from cme_certificates.domain.credential import Urls
from cme_certificates.domain.model import Certificate, chinese_date
from cme_certificates.domain.rules import rules_for
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_platform.auth import Principal
from cme_platform.errors import NotFound

COLUMNS = ["年度", "证书编号", "项目编号", "项目名称", "项目级别", "学分类别", "学分", "学时", "举办时间",
           "发证机构", "签发日期", "验证地址"]


async def transcript_of(uow: CertificatesUnitOfWork, learner: Principal) -> list[tuple[Certificate, dict]]:
    """The signed-in learner's live certificates with their signed credentials, oldest year first."""
    if not learner.id_number:
        raise NotFound("certificate.no_identity", "当前账号未绑定身份证号，无法导出学分档案")
    async with uow:
        return await uow.certificates.issued_with_credentials(learner.id_number.upper())


def presentation(items: list[tuple[Certificate, dict]], created: datetime) -> dict:
    """The credentials as an unsigned VerifiablePresentation (see the module's note on why unsigned)."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "name": "继续医学教育学分档案",
        "validFrom": created.isoformat(timespec="seconds"),
        "verifiableCredential": [credential for _, credential in items],
    }


def rows(items: list[tuple[Certificate, dict]], urls: Urls) -> list[list]:
    """One row per certificate, as COLUMNS names them."""
    return [[c.year, c.certificate_number, c.project_number, c.project_name, c.level_label, c.class_label,
             c.credits, c.hours, c.period_text, c.issuing_office,
             chinese_date(rules_for(c.jurisdiction).local_date(c.issued_at)) if c.issued_at else None,
             urls.verify_page(c.certificate_number)] for c, _ in items]
