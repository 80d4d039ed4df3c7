"""The learner's forms (seed 003): the registration form at check-in and the questionnaire at check-out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.identity import validate_id_number, validate_mobile
from cme_attendance.domain.rules import Question

REQUIRED = {
    "id_number": "身份证号码", "name": "姓名", "sex": "性别", "age": "年龄", "phone": "手机号", "unit": "单位",
    "department": "科室", "unit_location": "单位所在地", "grassroots": "是否来自基层", "title": "职称",
}
OPTIONAL = {"position": "职务", "education": "学历"}
SEXES = ("男", "女")
YES_NO = {"是": True, "否": False}


def validate_registration(fields: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    """The cleaned registration (学员信息) and, per field, what is wrong with it (empty when valid)."""
    values = {name: (fields.get(name) or "").strip() for name in (*REQUIRED, *OPTIONAL)}
    errors = {name: f"请填写{label}" for name, label in REQUIRED.items() if not values[name]}
    clean: dict = {name: values[name] or None for name in OPTIONAL} | {
        name: values[name] for name in REQUIRED if name not in errors}
    for name, check in (("id_number", validate_id_number), ("phone", validate_mobile)):
        if name in clean:
            try:
                clean[name] = check(clean[name])
            except ScanRefused as refusal:
                errors[name] = refusal.message
    if "sex" in clean and clean["sex"] not in SEXES:
        errors["sex"] = "性别请选择“男”或“女”"
    if "grassroots" in clean:
        if clean["grassroots"] in YES_NO:
            clean["grassroots"] = YES_NO[clean["grassroots"]]
        else:
            errors["grassroots"] = "是否来自基层请选择“是”或“否”"
    if "age" in clean:
        if clean["age"].isdigit() and 16 <= int(clean["age"]) <= 100:
            clean["age"] = int(clean["age"])
        else:
            errors["age"] = "年龄应为16到100之间的整数"
    return ({} if errors else clean), errors


def validate_answers(questions: Sequence[Question], answers: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The questionnaire answers, each from the question's options and as many as it asks for."""
    clean, missing = {}, []
    for number, question in enumerate(questions, start=1):
        chosen = [a for a in dict.fromkeys(answers.get(question.id, ())) if a]
        if len(chosen) != question.choose or not set(chosen) <= set(question.options):
            what = f"选择{question.choose}项" if question.choose > 1 else "选择一项"
            missing.append((number, question.id, what))
        clean[question.id] = chosen
    if missing:
        # Every unanswered question at once, so a learner on a phone scrolls through once.
        said = "；".join(f"第{number}题（{what}）" for number, _, what in missing)
        raise ScanRefused("questionnaire.incomplete", f"请完成调查问卷：{said}", question=missing[0][1],
                          questions=[question for _, question, _ in missing],
                          missing={question: what for _, question, what in missing})
    return clean
