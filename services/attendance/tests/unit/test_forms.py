"""The registration form and the questionnaire of seed 003."""

import pytest

from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.forms import validate_answers, validate_registration
from cme_attendance.domain.rules import rule_set

FORM = {"id_number": "11010519491231002x", "name": "张三", "sex": "男", "age": "45", "phone": "13912345678",
        "unit": "苏州大学附属第二医院", "department": "心内科", "unit_location": "苏州", "grassroots": "否",
        "title": "主治医师", "position": "", "education": "本科"}


def test_a_complete_form_is_cleaned():
    clean, errors = validate_registration(FORM)
    assert errors == {}
    assert clean["id_number"] == "11010519491231002X"
    assert clean["age"] == 45 and clean["grassroots"] is False and clean["position"] is None


def test_every_required_field_of_seed_003_is_asked_for():
    _, errors = validate_registration({})
    assert set(errors) == {"id_number", "name", "sex", "age", "phone", "unit", "department", "unit_location",
                           "grassroots", "title"}


def test_a_bad_check_digit_is_shown_beside_the_id_field():
    _, errors = validate_registration(FORM | {"id_number": "110105194912310021"})
    assert set(errors) == {"id_number"} and "校验位" in errors["id_number"]


def test_a_bad_phone_and_age_are_each_named():
    _, errors = validate_registration(FORM | {"phone": "123", "age": "7"})
    assert set(errors) == {"phone", "age"}


def answers(**overrides):
    base = {"q1": ["是"], "q2": ["部分知道"], "q3": ["很大"], "q4": ["很好"], "q5": ["满意"], "q6": ["满意"],
            "q7": ["开阔思路", "提高理论水平"]}
    return base | overrides


def test_the_jiangsu_questionnaire_has_seed_003s_questions():
    questions = rule_set("jiangsu").questions
    assert questions[0].options == ("是", "基本是", "否")
    assert questions[-1].choose == 2 and "提高临床诊治能力" in questions[-1].options


def test_complete_answers_are_kept():
    assert validate_answers(rule_set("jiangsu").questions, answers())["q7"] == ["开阔思路", "提高理论水平"]


def test_question_seven_needs_exactly_two_choices():
    with pytest.raises(ScanRefused) as refused:
        validate_answers(rule_set("jiangsu").questions, answers(q7=["开阔思路"]))
    assert refused.value.code == "questionnaire.incomplete" and "第7题" in refused.value.message


def test_an_answer_that_is_not_an_option_is_refused():
    with pytest.raises(ScanRefused) as refused:
        validate_answers(rule_set("jiangsu").questions, answers(q1=["也许"]))
    assert "第1题" in refused.value.message


def test_every_unanswered_question_is_named_at_once():
    with pytest.raises(ScanRefused) as refused:
        validate_answers(rule_set("jiangsu").questions, answers(q2=[], q5=[], q7=["开阔思路"]))
    assert refused.value.message == "请完成调查问卷：第2题（选择一项）；第5题（选择一项）；第7题（选择2项）"
    assert refused.value.details["questions"] == ["q2", "q5", "q7"]
