"""The compliance proof (学分达标证明) as a W3C Verifiable Credential, for promotion committees.

It states, for the years the learner chose, the compliance result under their jurisdiction's
rule (including the national 5-year rule where it applies), and lists every credit that counted,
each with the certificate that proves it. It names the certificate (`credential`, its
`urn:uuid:` id, and `credentialStatus`) rather than copying its state, so a verifier looks the
state up live: a credit revoked after the proof was issued shows as revoked.

Personal data is what the learner chose to show: the name, the unit, the ID number masked
(never in clear, never hashed: a hash of an 18-character number with a known shape is
reversible by trying them). The context is VC 2.0's only: its `@vocab` makes the proof's own
terms issuer-dependent, which is what they are, and `eddsa-jcs-2022` signs the JSON as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cme_certificates.domain.credential import Urls
from cme_certificates.domain.model import CLASS_LABELS, LEVEL_LABELS, Certificate, format_credits
from cme_contracts.identifiers import mask_id_number
from cme_platform.credentials.status_list import STATUS_LIST_SIZE
from cme_platform.errors import DomainError

PROOF_TYPE = "CmeComplianceCredential"
CONTEXTS = ["https://www.w3.org/ns/credentials/v2"]
STAFF_LEVELS = {"provincial_unit": "省级医疗卫生单位人员", "tertiary_hospital": "三级医院人员"}
MAX_YEARS = 5


@dataclass(frozen=True)
class Disclosure:
    """What the learner chose to show in the proof (the compliance facts are always in it)."""

    name: bool = True
    unit: bool = False
    id_number: bool = False  # masked, 5101**********123X


@dataclass(frozen=True)
class Holder:
    """Whom the proof is about, as the platform knows them."""

    name: str
    unit: str | None
    id_number: str
    jurisdiction: str
    jurisdiction_name: str


def is_proof(document: object) -> bool:
    """Whether a JSON document claims to be a compliance proof (its type says so)."""
    kinds = document.get("type") if isinstance(document, dict) else None
    return isinstance(kinds, list) and PROOF_TYPE in kinds


def proof_id_of(document: dict) -> str | None:
    """The proof id a proof names (its `urn:uuid:` id)."""
    value = document.get("id")
    return value.removeprefix("urn:uuid:") if isinstance(value, str) and value.startswith("urn:uuid:") else None


def build_proof(proof_id: str, holder: Holder, disclosure: Disclosure, results: list[dict],
                certificates: dict[str, Certificate], urls: Urls, issued_at: datetime) -> dict:
    """The unsigned compliance credential: `results` are the credits service's compliance answers
    (one per year), `certificates` the certificate of each credit that has one, by credit id."""
    years = sorted(result["year"] for result in results)
    subject: dict = {"type": ["CmeLearner"]}
    if disclosure.name:
        subject["name"] = holder.name
    if disclosure.id_number:
        subject["idNumberMasked"] = mask_id_number(holder.id_number)
    if disclosure.unit and holder.unit:
        subject["unit"] = holder.unit
    subject["jurisdiction"] = {"id": holder.jurisdiction, "name": holder.jurisdiction_name}
    subject["compliance"] = [_year(result) for result in sorted(results, key=lambda r: r["year"])]
    subject["credits"] = _counted(results, certificates, urls)
    span = f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{proof_id}",
        "type": ["VerifiableCredential", PROOF_TYPE],
        "name": f"继续医学教育学分达标证明（{span}）",
        "issuer": {"id": urls.issuer, "type": ["Profile"], "name": "继续医学教育学分管理平台"},
        "validFrom": issued_at.isoformat(timespec="seconds"),
        "credentialSubject": subject,
    }


def _year(result: dict) -> dict:
    need, totals = result["requirements"], result["totals"]
    rule = (f"年度学分不少于{need['annual_total']:g}分，其中Ⅰ类不少于{need['class_i_min']:g}分、"
            f"Ⅱ类不少于{need['class_ii_min']:g}分，两类不能互相替代")
    window = need.get("national_window")
    if window:
        rule += f"；{window['years']}年内须获得国家级项目学分{window['credits']:g}分"
    year = {
        "year": result["year"], "met": bool(result["met"]), "rule": rule,
        "staffLevel": result.get("staff_level"),
        "totals": {"counted": totals["total"], "classI": totals["class_i"], "classII": totals["class_ii"]},
        "missing": [gap["message"] for gap in result.get("missing", [])],
    }
    if window:
        year["nationalWindow"] = {"years": window["years"], "required": window["credits"],
                                  "earned": totals["national_window"]}
    return year


def _counted(results: list[dict], certificates: dict[str, Certificate], urls: Urls) -> list[dict]:
    """Each counted credit once (a national credit may count for several years' 5-year rule)."""
    listed: dict[str, dict] = {}
    for result in results:
        for credit in result["credits"]:
            if not credit["counted"]:
                continue
            entry = listed.setdefault(credit["credit_id"], _credit(credit, certificates.get(credit["credit_id"]), urls))
            entry["countedFor"] = sorted({*entry["countedFor"], result["year"]})
    return sorted(listed.values(), key=lambda c: (c["year"], c["projectName"], c["creditId"]))


def _credit(credit: dict, certificate: Certificate | None, urls: Urls) -> dict:
    entry = {
        "creditId": credit["credit_id"], "year": credit["year"], "projectName": credit["project_name"],
        "creditClass": credit["credit_class"], "level": credit["level"], "credits": credit["credits"],
        "countedFor": [],
    }
    if certificate is not None:
        list_number, index = divmod(certificate.status_index, STATUS_LIST_SIZE)
        entry |= {
            "certificateNumber": certificate.certificate_number,
            "credential": f"urn:uuid:{certificate.certificate_id}",
            "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                 "statusListIndex": str(index),
                                 "statusListCredential": urls.status_list(list_number)},
        }
    return entry


def credit_label(credit: dict) -> str:
    """A listed credit's level and class as printed: 国家级Ⅰ类 4 分."""
    level = str(credit.get("level") or "")
    kind = str(credit.get("creditClass") or "")
    level = {str(k): v for k, v in LEVEL_LABELS.items()}.get(level, level)
    kind = {str(k): v for k, v in CLASS_LABELS.items()}.get(kind, kind)
    return f"{level}{kind} {format_credits(float(credit.get('credits') or 0))} 分"


class ProofRefused(DomainError):
    """A proof asked for with years or a staff level that cannot be."""

    status_code = 422


def check_request(years: list[int], staff_level: str | None, this_year: int) -> list[int]:
    """The distinct years asked for, oldest first; refused unless 1 to 5 years up to this year,
    and a staff level the rules know (or none)."""
    chosen = sorted(set(years))
    if not chosen or len(chosen) > MAX_YEARS:
        raise ProofRefused("proof.years", f"请选择1至{MAX_YEARS}个年度", years=years)
    if chosen[0] < this_year - 20 or chosen[-1] > this_year:
        raise ProofRefused("proof.years", f"年度须在{this_year - 20}至{this_year}年之间", years=years)
    if staff_level and staff_level not in STAFF_LEVELS:
        raise ProofRefused("proof.staff_level", "人员类别无效", staff_level=staff_level,
                           allowed=sorted(STAFF_LEVELS))
    return chosen
