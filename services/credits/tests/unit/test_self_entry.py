"""Self-entered credits: each rule of seeds 000 (Zhejiang) and 001 (Chengdu), accepted and refused."""

from dataclasses import replace
from datetime import date

import pytest

from cme_credits.domain.enterers import check_own_identity, check_own_unit, check_registered
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.rules import load_rule_set
from cme_credits.domain.self_entry import Entry, Facts, RemoteFiling, StoredFile, assess

ZHEJIANG = load_rule_set("zhejiang")
CHENGDU = load_rule_set("jinjiang")
PDF = {"ev-1": StoredFile("application/pdf", "acct-learner")}
IMAGE = {"ev-1": StoredFile("image/png", "acct-learner")}
FACTS = Facts(entered_by="acct-learner", evidence=PDF)

OUT_OF_PROVINCE = Entry(
    category="out_of_province", id_number="330106198503150019", name="王芳", project_name="口腔正畸专科培训",
    project_number="2021-08-03-036（国）", sponsor="中华口腔医学会继续教育培训部", level="national",
    credits=10, hours=30, start_date=date(2021, 5, 10), end_date=date(2021, 5, 16), evidence_ids=("ev-1",),
)


def refusal(rules, entry, facts=FACTS) -> str:
    with pytest.raises(CreditRefused) as refused:
        assess(rules, entry, facts)
    assert refused.value.message, "every refusal says what is wrong"
    return refused.value.code


class TestOutOfProvinceLearning:
    def test_a_national_number_with_its_mark_is_accepted_as_out_of_province_national_class_i(self):
        assessed = assess(ZHEJIANG, OUT_OF_PROVINCE, FACTS)
        assert (assessed.level, assessed.credit_class, assessed.year) == ("national", "I", 2021)

    def test_a_national_number_with_an_ascii_mark_and_a_space_is_national_too(self):
        assert (
            assess(ZHEJIANG, replace(OUT_OF_PROVINCE, project_number="2021-14-05-929 (国)"), FACTS).level == "national"
        )

    def test_a_national_level_without_the_national_mark_in_the_number_is_refused(self):
        assert refusal(ZHEJIANG, replace(OUT_OF_PROVINCE, project_number="2021-08-03-036")) == \
            "self_entry.number_missing_national_mark"

    def test_a_six_society_class_i_credit_is_provincial_national_first_level_society(self):
        entry = replace(OUT_OF_PROVINCE, project_number="口继教字2021-032", sponsor="中华口腔医学会口腔正畸专业委员会",
                        level="society", credit_class="I")
        assert assess(ZHEJIANG, entry, FACTS).level == "society"

    def test_a_six_society_credit_declared_national_is_refused_with_the_right_choice(self):
        entry = replace(OUT_OF_PROVINCE, project_number="口继教字2021-032", sponsor="中华口腔医学会", level="society")
        assert assess(ZHEJIANG, entry, FACTS).level == "society"
        with pytest.raises(CreditRefused) as refused:
            assess(ZHEJIANG, replace(entry, level="provincial"), FACTS)
        assert refused.value.code == "self_entry.level_mismatch"
        assert "六家学（协）会" in refused.value.message

    def test_another_societys_non_national_credit_is_refused(self):
        entry = replace(OUT_OF_PROVINCE, project_number="某继教字2021-001", sponsor="某省医学会", level=None)
        assert refusal(ZHEJIANG, entry) == "self_entry.level_not_allowed"

    def test_chengdu_takes_only_national_class_i_from_other_provinces(self):
        entry = replace(OUT_OF_PROVINCE, project_number="口继教字2021-032", sponsor="中华口腔医学会", level=None)
        assert (
            refusal(CHENGDU, entry, Facts(entered_by="acct-learner", evidence=IMAGE)) == "self_entry.level_not_allowed"
        )
        assert assess(CHENGDU, OUT_OF_PROVINCE, Facts(entered_by="acct-learner", evidence=IMAGE)).level == "national"

    def test_a_project_on_the_remote_filing_list_is_refused_naming_the_co_organizer_to_ask(self):
        facts = replace(FACTS, remote_filing=RemoteFiling(province="浙江省", co_organizer="宁波市第一医院"))
        with pytest.raises(CreditRefused) as refused:
            assess(ZHEJIANG, OUT_OF_PROVINCE, facts)
        assert refused.value.code == "self_entry.remote_filed"
        assert "浙江省异地备案" in refused.value.message and "宁波市第一医院" in refused.value.message
        assert refused.value.details["co_organizer"] == "宁波市第一医院"

    def test_a_filing_without_a_known_co_organizer_points_to_the_provinces_co_organizers(self):
        facts = replace(FACTS, remote_filing=RemoteFiling(province="浙江省", co_organizer=None))
        with pytest.raises(CreditRefused) as refused:
            assess(ZHEJIANG, OUT_OF_PROVINCE, facts)
        assert "省内承办（协办）单位" in refused.value.message

    def test_tcm_credits_are_refused_where_the_jurisdiction_does_not_handle_them(self):
        assert refusal(ZHEJIANG, replace(OUT_OF_PROVINCE, tcm=True)) == "self_entry.tcm_not_handled"

    def test_tcm_credits_are_taken_where_the_jurisdiction_handles_them(self):
        entry = replace(OUT_OF_PROVINCE, category="provincial_i", tcm=True, level=None)
        assert assess(CHENGDU, entry, Facts(entered_by="acct-learner", evidence=IMAGE)).credit_class == "I"

    @pytest.mark.parametrize("platform", ["好医生", "华医网", "中华医学电子音像出版社", "北京双卫"])
    def test_credits_from_integrated_remote_platforms_are_refused_because_they_arrive_automatically(self, platform):
        assert refusal(ZHEJIANG, replace(OUT_OF_PROVINCE, platform=platform)) == "self_entry.integrated_platform"

    @pytest.mark.parametrize("platform", [
        "北京华医网科技股份有限公司（华医网）", "北京华医网科技股份有限公司", "北京健康在线技术有限公司(好医生)",
        "北京双卫医学技术培训中心"])
    def test_an_integrated_platform_is_recognised_by_its_full_company_name_too(self, platform):
        with pytest.raises(CreditRefused) as refused:
            assess(ZHEJIANG, replace(OUT_OF_PROVINCE, platform=platform), FACTS)
        assert refused.value.code == "self_entry.integrated_platform"
        assert "自动导入" in refused.value.message

    def test_an_integrated_platform_given_as_the_sponsor_is_refused(self):
        entry = replace(OUT_OF_PROVINCE, sponsor="北京华医网科技股份有限公司")
        assert refusal(ZHEJIANG, entry) == "self_entry.integrated_platform"

    def test_a_platform_another_jurisdiction_has_not_integrated_is_entered_by_hand(self):
        entry = replace(OUT_OF_PROVINCE, platform="北京健康在线技术有限公司（好医生）")
        assert assess(CHENGDU, entry, Facts(entered_by="acct-learner", evidence=IMAGE)).level == "national"
        assert refusal(CHENGDU, replace(entry, platform="华医网"), Facts(entered_by="acct-learner", evidence=IMAGE)) \
            == "self_entry.integrated_platform"

    def test_a_sponsor_merely_containing_a_platforms_name_is_not_that_platform(self):
        entry = replace(OUT_OF_PROVINCE, sponsor="好医生集团附属医院")
        assert assess(ZHEJIANG, entry, FACTS).level == "national"

    def test_exactly_one_pdf_is_required(self):
        two = {**PDF, "ev-2": StoredFile("application/pdf", "acct-learner")}
        assert refusal(ZHEJIANG, replace(OUT_OF_PROVINCE, evidence_ids=("ev-1", "ev-2")),
                       replace(FACTS, evidence=two)) == "self_entry.evidence_count"
        assert refusal(ZHEJIANG, replace(OUT_OF_PROVINCE, evidence_ids=())) == "self_entry.evidence_count"

    def test_an_image_is_refused_where_one_pdf_is_required(self):
        assert refusal(ZHEJIANG, OUT_OF_PROVINCE, replace(FACTS, evidence=IMAGE)) == "self_entry.evidence_type"

    def test_evidence_the_evidence_service_never_stored_is_refused(self):
        assert refusal(ZHEJIANG, OUT_OF_PROVINCE, replace(FACTS, evidence={})) == "self_entry.evidence_unknown"

    def test_evidence_uploaded_by_another_account_is_refused(self):
        facts = replace(FACTS, evidence={"ev-1": StoredFile("application/pdf", "someone-else")})
        assert refusal(ZHEJIANG, OUT_OF_PROVINCE, facts) == "self_entry.evidence_not_yours"

    def test_a_project_the_person_already_holds_a_credit_for_is_refused(self):
        assert refusal(ZHEJIANG, OUT_OF_PROVINCE, replace(FACTS, already_held=True)) == "self_entry.duplicate"

    def test_an_activity_without_a_number_the_person_already_holds_is_refused_as_the_same_activity(self):
        entry = replace(OUT_OF_PROVINCE, category="district_ii", project_number=None, level=None)
        with pytest.raises(CreditRefused) as refused:
            assess(CHENGDU, replace(entry, credits=5, hours=30), Facts(entered_by="acct-learner", evidence=IMAGE,
                                                                      already_held=True))
        assert refused.value.code == "self_entry.duplicate" and "同一活动" in refused.value.message

    def test_more_than_25_credits_from_one_project_is_refused(self):
        assert refusal(ZHEJIANG, replace(OUT_OF_PROVINCE, credits=26)) == "self_entry.credits_out_of_range"


class TestOwnIdentity:
    def test_the_learner_may_enter_their_own_certificate(self):
        check_own_identity(OUT_OF_PROVINCE, id_number=OUT_OF_PROVINCE.id_number, name="王芳")

    def test_someone_elses_id_number_is_refused(self):
        with pytest.raises(CreditRefused) as refused:
            check_own_identity(OUT_OF_PROVINCE, id_number="110101199003074514", name="王芳")
        assert refused.value.code == "self_entry.not_own_identity"

    def test_someone_elses_name_is_refused(self):
        with pytest.raises(CreditRefused) as refused:
            check_own_identity(OUT_OF_PROVINCE, id_number=OUT_OF_PROVINCE.id_number, name="李强")
        assert refused.value.code == "self_entry.name_mismatch"


class TestOwnUnit:
    def test_an_entry_naming_the_learners_own_unit_or_none_is_accepted(self):
        check_own_unit("zj-unit", own_unit_id="zj-unit")
        check_own_unit(None, own_unit_id="zj-unit")

    def test_an_entry_naming_another_unit_is_refused(self):
        with pytest.raises(CreditRefused) as refused:
            check_own_unit("other-unit", own_unit_id="zj-unit")
        assert refused.value.code == "self_entry.not_own_unit" and "本人所在单位" in refused.value.message


class TestRegisteredInTheUnit:
    def test_a_person_registered_in_the_unit_under_that_name_is_accepted(self):
        check_registered("330106198503150019", "王芳", registered_name="王芳")

    def test_a_person_not_registered_in_the_unit_is_refused_with_a_masked_id_number(self):
        with pytest.raises(CreditRefused) as refused:
            check_registered("330106198503150019", "王芳", registered_name=None)
        assert refused.value.code == "self_entry.not_in_unit" and "未在本单位注册" in refused.value.message
        assert "198503" not in refused.value.details["id_number"]

    def test_a_name_other_than_the_registered_one_is_refused(self):
        with pytest.raises(CreditRefused) as refused:
            check_registered("330106198503150019", "王方", registered_name="王芳")
        assert refused.value.code == "self_entry.name_mismatch" and "王芳" in refused.value.message


class TestChengduCategories:
    FACTS = Facts(entered_by="acct-learner", evidence=IMAGE, on_record=True)

    def entry(self, category, **changes) -> Entry:
        base = Entry(category=category, id_number="330106198503150019", name="王芳", project_name="基层适宜技术",
                     credits=2, hours=12, year=2020, evidence_ids=("ev-1",))
        return replace(base, **changes)

    def test_district_class_ii_at_one_credit_per_six_hours_is_accepted(self):
        assessed = assess(CHENGDU, self.entry("district_ii"), self.FACTS)
        assert (assessed.credit_class, assessed.level, assessed.credits) == ("II", "district", 2)

    def test_district_class_ii_whose_credits_do_not_match_the_hours_is_refused(self):
        with pytest.raises(CreditRefused) as refused:
            assess(CHENGDU, self.entry("district_ii", credits=3), self.FACTS)
        assert refused.value.code == "self_entry.hours_mismatch"
        assert "6学时" in refused.value.message

    def test_provincial_class_ii_needs_the_project_on_record(self):
        assert assess(CHENGDU, self.entry("provincial_ii"), self.FACTS).credit_class == "II"
        assert refusal(CHENGDU, self.entry("provincial_ii"), replace(self.FACTS, on_record=False)) == \
            "self_entry.project_not_on_record"

    def test_counterpart_support_needs_the_dispatch_document_and_the_evaluation(self):
        two = {"ev-1": StoredFile("application/pdf", "acct-learner"), "ev-2": StoredFile("image/jpeg", "acct-learner")}
        entry = self.entry("counterpart_support", level="provincial", credit_class="I", evidence_ids=("ev-1", "ev-2"))
        assert assess(CHENGDU, entry, replace(self.FACTS, evidence=two)).credit_class == "I"
        assert refusal(CHENGDU, replace(entry, evidence_ids=("ev-1",)), replace(self.FACTS, evidence=two)) == \
            "self_entry.evidence_count"

    def test_residency_counts_once_a_year(self):
        entry = self.entry("residency", level="provincial", credit_class="I", training_year=1, program_years=3)
        assert assess(CHENGDU, entry, self.FACTS).year == 2020
        assert refusal(CHENGDU, entry, replace(self.FACTS, residency_entered_this_year=True)) == \
            "self_entry.residency_once_per_year"

    def test_residency_in_its_last_year_needs_the_final_pass(self):
        entry = self.entry("residency", level="provincial", credit_class="I", training_year=3, program_years=3)
        assert refusal(CHENGDU, entry, self.FACTS) == "self_entry.residency_final_required"
        assert assess(CHENGDU, replace(entry, final_assessment_passed=True), self.FACTS).year == 2020

    def test_further_study_spanning_two_years_counts_in_the_year_of_its_certificate(self):
        entry = self.entry("further_study", level="provincial", credit_class="I", year=None,
                           start_date=date(2019, 7, 1), end_date=date(2020, 1, 10), certificate_date=date(2020, 1, 15))
        assert assess(CHENGDU, entry, self.FACTS).year == 2020
        assert (
            refusal(CHENGDU, replace(entry, certificate_date=None), self.FACTS)
            == "self_entry.certificate_date_required"
        )

    def test_national_tcm_administration_credits_count_as_class_i_when_the_project_is_listed(self):
        entry = self.entry("tcm_national", tcm=True, project_number="2020-11-01-003（国）", credit_class="II")
        assert assess(CHENGDU, entry, self.FACTS).credit_class == "I"
        assert refusal(CHENGDU, entry, replace(self.FACTS, on_record=False)) == "self_entry.project_not_on_record"

    def test_provincial_tcm_administration_credits_may_be_class_i_or_ii(self):
        entry = self.entry("tcm_provincial", tcm=True, credit_class="II")
        assert assess(CHENGDU, entry, self.FACTS).credit_class == "II"

    def test_a_category_the_jurisdiction_does_not_take_is_refused(self):
        assert refusal(ZHEJIANG, self.entry("district_ii")) == "self_entry.category_not_allowed"
