"""The learner's self-entry forms follow the learner's rule set (seeds 000 and 001)."""

from types import SimpleNamespace

from cme_portal.entrypoints.entry_forms import automatic_sources, category_forms, correction_fields, guide_for
from cme_portal.entrypoints.web import templates


def fields(form) -> dict:
    return {f.name: f for f in form.fields}


def test_a_zhejiang_learner_enters_only_out_of_province_learning_as_one_pdf():
    [form] = category_forms("zhejiang", name="刘洋", year=2026)
    assert form.name == "赴外省学习学分"
    assert (form.evidence.kind, form.evidence.files, form.evidence.accept) == ("credit_proof", ("上传文件",),
                                                                               "application/pdf")
    assert "统一扫描成一个PDF文件" in form.evidence.line and "国家CME项目学分查询结果截图" in form.evidence.line
    own = fields(form)
    assert own["project_number"].required and own["sponsor"].label.startswith("发证机构")
    assert [o.value for o in own["level"].options] == ["national", "society"]
    assert own["credit_class"].kind == "fixed" and own["credit_class"].value == "Ⅰ类"
    assert own["start_date"].required and own["end_date"].required and "hours" in own
    assert own["tcm"].kind == "checkbox", "Zhejiang asks, so that TCM credits are refused with the reason"
    assert any("异地备案" in n for n in form.notes)
    assert "好医生" in automatic_sources("zhejiang")


def test_a_jinjiang_learner_sees_ten_categories_each_with_what_it_needs():
    forms = {f.id: f for f in category_forms("jinjiang", name="刘洋", year=2026)}
    assert len(forms) == 10 and list(forms)[0] == "district_ii", "in the order of seed 001's guide"
    district = fields(forms["district_ii"])
    assert district["hours"].required and district["hours"].hint == "1学分=6学时"
    assert district["year"].value == 2026 and "start_date" not in district
    assert forms["counterpart_support"].evidence.files == ("派遣文件", "支援单位对派遣人的考核评价证明")
    assert {f.evidence.kind for f in forms.values()} == {"scanned_document"}
    residency = fields(forms["residency"])
    assert {"program_years", "training_year", "final_assessment_passed", "year"} <= set(residency)
    study = fields(forms["further_study"])
    assert study["certificate_date"].required and "year" not in study
    assert fields(forms["tcm_national"])["tcm"].value == "true"
    assert fields(forms["tcm_provincial"])["credit_class"].kind == "select", "Sichuan TCM credits are I or II"
    out = forms["out_of_province"]
    assert fields(out)["level"].kind == "fixed" and "tcm" not in fields(out)
    assert "统一扫描" not in out.evidence.line, "Zhejiang's wording stays in Zhejiang"
    assert "刊授" in automatic_sources("jinjiang")


def test_a_jurisdiction_without_entry_categories_offers_no_form_and_unknown_categories_get_no_help():
    assert category_forms("jiangsu", name="孙七", year=2026) == []
    assert guide_for("hainan_special", "zhejiang") == {}


def test_the_correction_tool_offers_the_text_fields_of_the_entry_but_not_its_evidence():
    corrected = {f.name: f.value for f in correction_fields({"name": "刘洋", "project_name": "口腔正畸专科培训",
                                                             "credits": 10.0, "hours": None, "evidence_ids": ["e"]})}
    assert corrected["project_name"] == "口腔正畸专科培训" and corrected["hours"] == ""
    assert corrected["credits"] == "10", "shown as written on the certificate, not 10.0"
    assert "evidence_ids" not in corrected


def test_the_page_marks_each_field_for_refusals_and_uploads_with_the_categorys_kind():
    forms = category_forms("zhejiang", name="刘洋", year=2026)
    html = templates.get_template("credit_entry.html").render(
        me=SimpleNamespace(role="learner", name="刘洋", id_number="330102198808080011"), forms=forms,
        chosen=forms[0], place="浙江省", automatic="")
    for name in ("project_number", "hours", "evidence", "name", "level"):
        assert f'data-field="{name}"' in html
    assert 'data-kind="credit_proof"' in html and "保存草稿" in html and "上报" in html
    assert '"self_entry.number_missing_national_mark": "project_number"' in html
