"""Credential checks (凭电子证书录入), without I/O: who is trusted, whose key signed it and whether
it is still valid, whose credential it is, and the entry it pre-fills."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_credits.domain import credentials
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.rules import load_rule_set
from cme_credits.domain.self_entry import Facts, RemoteFiling, assess
from cme_credits.domain.trust_registry import TrustedIssuer
from cme_platform.credentials import identity_hash
from cme_platform.credentials.signing import Signer, multikey

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
OWN = "https://cme.example.cn/api/certificates/issuer"
ID_NUMBER, NAME = "33010219900909003X", "王磊"


def credential(issuer: str = OWN, id_number: str = ID_NUMBER, name: str = NAME) -> dict:
    return {
        "id": "urn:uuid:4b1c1f0e-1d1e-4c1b-9e49-3f1a0c1d2e3f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "江苏省继续医学教育委员会办公室"},
        "credentialSubject": {
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name},
                {"type": "IdentityObject", "identityType": "identifier", "hashed": True, "salt": "abc",
                 "identityHash": identity_hash(id_number, "abc")}],
            "achievement": {"name": "疼痛治疗新进展学习班", "humanCode": "2026-03-05-129（国）",
                            "tag": ["国家级", "Ⅰ类", "2026"]},
            "creditsEarned": 4.0, "hours": 12.0, "activityStartDate": "2026-03-05T00:00:00Z",
        },
    }


def signed(document: dict, key: Ed25519PrivateKey, controller: str = OWN) -> dict:
    return Signer(key, f"{controller}#{multikey(key.public_key())}").sign(document, NOW)


def code_of(call) -> str:
    with pytest.raises(CreditRefused) as refused:
        call()
    return refused.value.code


class TestTrustList:
    def test_every_jurisdiction_trusts_this_platforms_own_certificates_by_default(self):
        zhejiang = load_rule_set("zhejiang")
        found = credentials.trusted_issuer(zhejiang.trusted_issuers, credential(), own_issuer=OWN,
                                           jurisdiction_name=zhejiang.name)
        assert found.issuer == "self" and found.category == "out_of_province"

    def test_an_issuer_not_on_the_list_is_refused(self):
        zhejiang = load_rule_set("zhejiang")
        assert code_of(lambda: credentials.trusted_issuer(
            zhejiang.trusted_issuers, credential("https://other.example/issuer"), own_issuer=OWN,
            jurisdiction_name=zhejiang.name)) == "credential.untrusted_issuer"

    def test_a_credential_type_the_issuer_is_not_trusted_for_is_refused(self):
        issuer = TrustedIssuer(name="国家继教项目系统", issuer=OWN, level="national", credit_class="I",
                               credential_types=("CmeProjectCredential",))
        assert code_of(lambda: credentials.trusted_issuer((issuer,), credential(), own_issuer=OWN,
                                                          jurisdiction_name="浙江省")) == "credential.type_not_accepted"


class TestProof:
    key = Ed25519PrivateKey.generate()

    def keys(self, expires: datetime | None = None) -> dict:
        return {multikey(self.key.public_key()): credentials.IssuerKey(self.key.public_key(), expires)}

    def test_the_issuers_own_key_over_unchanged_bytes_passes(self):
        credentials.check_proof(signed(credential(), self.key), OWN, self.keys(), NOW)

    def test_a_key_the_issuer_retired_is_refused_as_expired(self):
        document = signed(credential(), self.key)
        assert code_of(lambda: credentials.check_proof(document, OWN, self.keys(NOW - timedelta(days=1)), NOW)) \
            == "credential.key_expired"

    def test_a_key_the_issuer_does_not_publish_is_a_forgery(self):
        document = signed(credential(), Ed25519PrivateKey.generate())
        assert code_of(lambda: credentials.check_proof(document, OWN, self.keys(), NOW)) == "credential.forged"

    def test_one_changed_value_is_tampering(self):
        document = copy.deepcopy(signed(credential(), self.key))
        document["credentialSubject"]["creditsEarned"] = 8.0
        assert code_of(lambda: credentials.check_proof(document, OWN, self.keys(), NOW)) == "credential.tampered"

    def test_a_did_key_issuer_is_its_own_key(self):
        did = f"did:key:{multikey(self.key.public_key())}"
        credentials.check_proof(signed(credential(did), self.key, did), did, self.keys(), NOW)


class TestValidityPeriod:
    def test_a_credential_within_its_validity_period_passes(self):
        credentials.check_validity(credential() | {"validFrom": "2026-06-01T08:00:00Z",
                                                   "validUntil": "2027-06-01T08:00:00Z"}, NOW)

    @pytest.mark.parametrize("period", [{"validUntil": "2026-11-30T00:00:00+08:00"},
                                        {"validFrom": "2027-01-01T00:00:00Z"}])
    def test_one_expired_or_not_yet_valid_is_refused(self, period):
        document = credential() | period
        assert code_of(lambda: credentials.check_validity(document, NOW)) == "credential.not_valid_now"


class TestStatusList:
    def with_status(self, url: str) -> dict:
        return credential() | {"credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                                    "statusListIndex": "7", "statusListCredential": url}}

    def test_a_status_list_on_the_issuers_own_site_is_read(self):
        credentials.check_status_list_origin(self.with_status("https://cme.example.cn/api/certificates/status-lists/0"),
                                             {"https://cme.example.cn"})

    @pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:6379/",
                                     "https://cme.example.cn@internal.example/status", "file:///etc/passwd"])
    def test_a_status_list_anywhere_else_is_never_fetched(self, url):
        document = self.with_status(url)
        assert code_of(lambda: credentials.check_status_list_origin(document, {"https://cme.example.cn"})) \
            == "credential.status_unverifiable"


class TestSubjectAndEntry:
    def test_someone_elses_id_number_or_name_is_refused(self):
        document = credential()
        assert code_of(lambda: credentials.check_subject(document, id_number="330102199001010011", name=NAME)) \
            == "credential.not_yours"
        assert code_of(lambda: credentials.check_subject(document, id_number=ID_NUMBER, name="王雷")) \
            == "credential.not_yours"
        credentials.check_subject(document, id_number=ID_NUMBER, name=NAME)

    def test_the_entry_is_pre_filled_from_the_credential_with_the_registrys_level_and_class(self):
        issuer = load_rule_set("zhejiang").trusted_issuers[0]
        entry = credentials.entry_of(issuer, credential(), id_number=ID_NUMBER, name=NAME)
        assert (entry.level, entry.credit_class, entry.credits) == ("national", "I", 4)
        assert (entry.hours, entry.year, entry.category) == (12, 2026, "out_of_province")
        assert entry.project_number == "2026-03-05-129（国）" and entry.sponsor == "江苏省继续医学教育委员会办公室"
        assert entry.credential == "urn:uuid:4b1c1f0e-1d1e-4c1b-9e49-3f1a0c1d2e3f" and entry.evidence_ids == ()


class TestTheJurisdictionsRulesStillApply:
    zhejiang = load_rule_set("zhejiang")

    def entry(self, **issuer_changes):
        issuer = self.zhejiang.trusted_issuers[0].model_copy(update=issuer_changes)
        return credentials.entry_of(issuer, credential(), id_number=ID_NUMBER, name=NAME)

    def test_a_verified_credential_needs_no_evidence(self):
        assessed = assess(self.zhejiang, self.entry(), Facts(entered_by="acct-wang"))
        assert (assessed.level, assessed.credit_class, assessed.credits) == ("national", "I", 4)

    def test_a_project_on_zhejiangs_remote_filing_list_is_refused(self):
        facts = Facts(entered_by="acct-wang", remote_filing=RemoteFiling(province="浙江省", co_organizer="浙大一院"))
        assert code_of(lambda: assess(self.zhejiang, self.entry(), facts)) == "self_entry.remote_filed"

    def test_an_issuer_of_tcm_credits_is_refused_in_zhejiang(self):
        assert code_of(lambda: assess(self.zhejiang, self.entry(tcm=True), Facts(entered_by="acct-wang"))) \
            == "self_entry.tcm_not_handled"

    def test_a_provincial_credit_of_another_province_is_refused_in_zhejiang(self):
        document = credential()
        document["credentialSubject"]["achievement"] |= {"tag": ["省级", "Ⅰ类", "2026"], "humanCode": "JS2026-001"}
        issuer = self.zhejiang.trusted_issuers[0]
        entry = credentials.entry_of(issuer, document, id_number=ID_NUMBER, name=NAME)
        assert code_of(lambda: assess(self.zhejiang, entry, Facts(entered_by="acct-wang"))) \
            == "self_entry.level_not_allowed"
