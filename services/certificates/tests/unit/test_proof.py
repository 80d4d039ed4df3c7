"""The compliance proof (学分达标证明): what it states, what it hides, and how its verdict follows
the certificates it lists."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from cme_certificates.adapters.proof_pdf import proof_subject, render_proof
from cme_certificates.domain.model import CertificateState
from cme_certificates.domain.proof import Disclosure, Holder, ProofRefused, build_proof, check_request, is_proof
from cme_certificates.domain.proof_verification import ProofVerdict, credential_ids, judge_proof
from cme_certificates.service_layer.proofs import this_year
from cme_platform.clock import Clock, offset_to
from cme_platform.credentials.signing import proof_is_valid

ISSUED_AT = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
HOLDER = Holder("张晓明", "四川大学华西医院麻醉科", "51010419850312123X", "sichuan", "四川省")
PROOF_ID = "5f0c9d43-2b1e-4a57-9a3e-0d7c1b2a9e11"


def _credit(credit_id: str, year: int, credit_class: str, level: str, credits: float, counted: bool = True) -> dict:
    return {"credit_id": credit_id, "year": year, "project_name": f"项目{credit_id}", "credit_class": credit_class,
            "level": level, "credits": credits, "status": "approved" if counted else "in_review", "counted": counted}


def _result(year: int, credits: list[dict], met: bool = True) -> dict:
    return {"year": year, "jurisdiction": "sichuan", "staff_level": "tertiary_hospital", "met": met,
            "totals": {"total": 25.0, "class_i": 10.0, "class_ii": 15.0, "national_window": 12.0},
            "requirements": {"annual_total": 25, "class_i_min": 5, "class_i_max": 10, "class_ii_min": 15,
                             "class_ii_max": 20, "national_window": {"years": 5, "credits": 10}},
            "missing": [] if met else [{"code": "class_i", "message": "还差1分"}], "credits": credits}


@pytest.fixture
def proof_parts(make_certificate, urls):
    national_2024 = _credit("c-2024", 2024, "I", "national", 6)
    results = [_result(2025, [national_2024, _credit("c-2025", 2025, "II", "provincial", 15)]),
               _result(2026, [national_2024, _credit("c-2026", 2026, "I", "national", 10),
                              _credit("c-draft", 2026, "II", "provincial", 3, counted=False)], met=False)]
    certificates = {cid: make_certificate(credit_id=cid, certificate_number=f"SC{cid}", status_index=n,
                                          state=CertificateState.ISSUED, issued_at=ISSUED_AT)
                    for n, cid in enumerate(("c-2024", "c-2025", "c-2026"))}
    return results, certificates, urls


def _built(proof_parts, disclosure=Disclosure()) -> dict:
    results, certificates, urls = proof_parts
    return build_proof(PROOF_ID, HOLDER, disclosure, results, certificates, urls, ISSUED_AT)


def test_each_counted_credit_is_listed_once_with_its_certificate_and_the_years_it_counts_for(proof_parts):
    proof = _built(proof_parts)
    listed = {c["creditId"]: c for c in proof["credentialSubject"]["credits"]}
    assert set(listed) == {"c-2024", "c-2025", "c-2026"}  # the draft did not count
    assert listed["c-2024"]["countedFor"] == [2025, 2026]  # a national credit within the 5 years of both
    assert listed["c-2025"]["certificateNumber"] == "SCc-2025"
    assert listed["c-2026"]["credentialStatus"]["statusListIndex"] == "2"
    assert proof["name"] == "继续医学教育学分达标证明（2025—2026年度）"
    year = proof["credentialSubject"]["compliance"][1]
    assert (year["met"], year["nationalWindow"]["required"], year["missing"]) == (False, 10, ["还差1分"])
    assert "5年内须获得国家级项目学分10分" in year["rule"]


def test_only_what_the_learner_chose_is_shown_and_the_id_number_only_masked(proof_parts):
    hidden = json.dumps(_built(proof_parts, Disclosure(name=False, unit=False, id_number=False)), ensure_ascii=False)
    assert "张晓明" not in hidden and "华西医院" not in hidden and "123X" not in hidden
    shown = _built(proof_parts, Disclosure(name=True, unit=True, id_number=True))["credentialSubject"]
    assert (shown["name"], shown["unit"], shown["idNumberMasked"]) == ("张晓明", HOLDER.unit, "5101**********123X")
    assert HOLDER.id_number not in json.dumps(shown)


def test_the_signed_proof_verifies_and_an_edited_result_does_not(proof_parts, signer, public_keys):
    signed = signer.sign(_built(proof_parts), ISSUED_AT)
    assert is_proof(signed) and proof_is_valid(signed, public_keys)
    edited = json.loads(json.dumps(signed))
    edited["credentialSubject"]["compliance"][1]["met"] = True
    assert not proof_is_valid(edited, public_keys)


def test_a_certificate_revoked_after_issue_turns_the_verdict_to_changed_and_says_which(proof_parts):
    proof = _built(proof_parts)
    _, certificates, _ = proof_parts
    by_id = {c.certificate_id: c for c in certificates.values()}
    assert sorted(credential_ids(proof)) == sorted(by_id)
    assert judge_proof(proof, signature_valid=True, certificates=by_id).verdict is ProofVerdict.VALID
    revoked = certificates["c-2026"]
    by_id[revoked.certificate_id] = replace(revoked, state=CertificateState.REVOKED, revoke_reason="学分更正",
                                            revoked_at=datetime(2026, 12, 4, 20, tzinfo=UTC))
    result = judge_proof(proof, signature_valid=True, certificates=by_id)
    assert result.verdict is ProofVerdict.CHANGED and "1项学分（共10分）" in result.message
    states = {c["creditId"]: c["stateText"] for c in result.credits}
    assert states["c-2026"] == "已撤销（2026年12月5日，学分更正）"  # 04:00 on the 5th in Beijing
    assert states["c-2025"] == "有效"


def test_a_certificate_not_yet_issued_says_so_rather_than_valid(proof_parts):
    proof = _built(proof_parts)
    _, certificates, _ = proof_parts
    by_id = {c.certificate_id: c for c in certificates.values()}
    pending = certificates["c-2025"]
    by_id[pending.certificate_id] = replace(pending, state=CertificateState.PENDING)
    result = judge_proof(proof, signature_valid=True, certificates=by_id)
    assert result.verdict is ProofVerdict.VALID
    assert {c["creditId"]: c["stateText"] for c in result.credits}["c-2025"] == "证书签发中"


def test_a_tampered_proof_shows_none_of_its_claims(proof_parts):
    result = judge_proof(_built(proof_parts), signature_valid=False, certificates={})
    assert result.verdict is ProofVerdict.TAMPERED and result.proof is None and result.credits == []


@pytest.mark.parametrize(("years", "staff_level", "code"), [
    ([], None, "proof.years"), ([2020, 2021, 2022, 2023, 2024, 2025], None, "proof.years"),
    ([2027], None, "proof.years"), ([2026], "hospital_director", "proof.staff_level")])
def test_a_request_outside_the_rules_is_refused_in_chinese(years, staff_level, code):
    with pytest.raises(ProofRefused) as refused:
        check_request(years, staff_level, this_year=2026)
    assert refused.value.code == code


def test_the_pdf_is_drawn_the_same_each_time_and_names_its_proof(proof_parts, signer):
    signed = signer.sign(_built(proof_parts), ISSUED_AT)
    pdf = render_proof(signed, "https://cme.example.cn/certificates/proofs/x?token=t")
    assert pdf == render_proof(signed, "https://cme.example.cn/certificates/proofs/x?token=t")
    reader = PdfReader(io.BytesIO(pdf))
    assert proof_subject(reader.metadata.subject) == PROOF_ID
    text = "".join(page.extract_text() for page in reader.pages)
    assert "继续医学教育学分达标证明" in text and "SCc-2026" in text and "2026年度（三级医院人员）：未达标" in text


def test_on_new_years_morning_in_beijing_the_proofs_years_run_to_the_new_one():
    new_years_morning = Clock(offset_to(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)))  # 2027-01-01 01:30 北京时间
    assert this_year(new_years_morning, "sichuan") == 2027
    assert check_request([2027], None, this_year(new_years_morning, None)) == [2027]
