"""The learner's self-entry forms (录入学分信息): one per entry category of the learner's rule set.

What a category needs comes from the jurisdiction registry (`[credits.categories]`: fixed level
and class, hours per credit, evidence count and types, once a year, year from the certificate);
how the page explains it (which optional fields to offer, labels, what evidence to prepare) is
data in `entry_guide.toml`, keyed by category. The rules stay in the credits service: the page
sends the form to its API and shows each refusal next to the field it concerns.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from typing import Any

from cme_contracts.jurisdictions import registry

LEVELS = {"national": "国家级", "provincial": "省级", "society": "国家一级学会（会级）", "district": "区县级"}
FREE_LEVELS = ("national", "provincial", "district")  # a category that fixes no level: the learner says
CLASSES = {"I": "Ⅰ类", "II": "Ⅱ类"}
FILE_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}
PDF_ONLY_KIND, SCAN_KIND = "credit_proof", "scanned_document"  # evidence kinds (evidence's kinds.toml)


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One field of a form: `name` is the credits API's field, `kind` an input type, select, checkbox or fixed."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    value: Any = ""
    hint: str = ""
    options: tuple[Option, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What to upload: the evidence kind, one label per file, the accepted types and one line of help."""

    kind: str
    files: tuple[str, ...]
    accept: str
    line: str


@dataclass(frozen=True)
class CategoryForm:
    id: str
    name: str
    fields: tuple[Field, ...]
    evidence: Evidence
    notes: tuple[str, ...]

    def without(self, name: str) -> CategoryForm:
        """The same form less one field (a unit's entry takes each person's name from the account)."""
        return replace(self, fields=tuple(f for f in self.fields if f.name != name))


@cache
def _guide() -> dict:
    return tomllib.loads((files("cme_portal") / "entrypoints" / "entry_guide.toml").read_text("utf-8"))


def guide_for(category: str, jurisdiction: str) -> dict:
    """The page's help for a category, a jurisdiction's own wording laid over the general one (nearest wins)."""
    base = dict(_guide().get(category, {}))
    overrides = base.pop("jurisdictions", {})
    for node in reversed(registry().lineage(jurisdiction)):
        base |= overrides.get(node.id, {})
    return base


def _credit_rules(jurisdiction: str) -> dict:
    return registry().get(jurisdiction).tables.get("credits", {})


def category_forms(jurisdiction: str, *, name: str, year: int) -> list[CategoryForm]:
    """Every category the learner's rule set takes, as a form (in the rule set's order)."""
    rules = _credit_rules(jurisdiction)
    names = category_names(jurisdiction)
    order = list(_guide())  # the guide lists categories as the seeds do; one it does not know comes last
    categories = sorted(rules.get("categories", {}).items(),
                        key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return [_form(cid, spec, names.get(cid, cid), guide_for(cid, jurisdiction), name=name, year=year)
            for cid, spec in categories]


def category_names(jurisdiction: str) -> dict[str, str]:
    """The Chinese name of each entry category (赴外省学习学分, 规培, …) as learners read it."""
    return _credit_rules(jurisdiction).get("national", {}).get("category_names", {})


def automatic_sources(jurisdiction: str) -> str:
    """One line naming the remote platforms whose credits arrive by themselves (not to be entered)."""
    rules = _credit_rules(jurisdiction)
    platforms = rules.get("remote_platforms", {})
    named = "、".join(platforms.get(p, {}).get("name", p) for p in rules.get("integrated_platforms", []))
    return f"{named}的学分已与本地平台数据对接、自动导入，无须手动录入。" if named else ""


def _form(cid: str, spec: dict, title: str, guide: dict, *, name: str, year: int) -> CategoryForm:
    fields = [Field("name", "姓名（须与学分证一致）", required=True, value=name),
              Field("project_name", "活动名称（按学分证填写）", required=True, attrs=(("maxlength", "300"),))]
    if guide.get("number"):
        fields.append(Field("project_number", "活动编号", required=guide["number"] == "required",
                            hint="严格按学分证填写，国家级项目不要省略（国）", attrs=(("maxlength", "100"),)))
    if guide.get("sponsor"):
        fields.append(Field("sponsor", guide["sponsor"], required=bool(spec.get("allowed_levels"))))
    fields += _level_and_class(spec, guide)
    per_credit = spec.get("hours_per_credit")
    fields.append(
        Field("credits", "学分", "number", required=True, attrs=(("min", "0.5"), ("max", "25"), ("step", "0.5")))
    )
    if per_credit or guide.get("hours"):
        fields.append(Field("hours", "学时", "number", required=bool(per_credit), attrs=(("min", "0"), ("step", "0.5")),
                            hint=f"1学分={per_credit:g}学时" if per_credit else "须与学分证一致"))
    fields += _when(spec, guide, year)
    if guide.get("tcm") == "ask":
        fields.append(Field("tcm", "中医药项目", "checkbox"))
    elif guide.get("tcm") == "fixed":
        fields.append(Field("tcm", "中医药项目", "hidden", value="true", attrs=(("data-bool", "1"),)))
    return CategoryForm(cid, title, tuple(fields), _evidence(spec, guide), tuple(guide.get("notes", ())))


def _level_and_class(spec: dict, guide: dict) -> list[Field]:
    allowed = spec.get("allowed_levels") or []
    labels = LEVELS | guide.get("levels", {})
    if len(allowed) > 1:
        level = Field(
            "level", "学分级别", "select", required=True, options=tuple(Option(v, labels[v]) for v in allowed)
        )
    elif allowed or spec.get("level"):
        level = Field("level", "学分级别", "fixed", value=labels[(allowed or [spec.get("level")])[0]])
    else:
        level = Field("level", "学分级别", "select", required=True,
                      options=(Option("", "请选择"), *(Option(v, LEVELS[v]) for v in FREE_LEVELS)))
    # A category with allowed levels takes class I only (外省项目只认Ⅰ类); otherwise the category
    # fixes it or the learner says.
    fixed = "I" if allowed else spec.get("credit_class")
    credit_class = Field("credit_class", "学分类别", "fixed", value=CLASSES[fixed]) if fixed else Field(
        "credit_class", "学分类别", "select", required=True,
        options=(Option("", "请选择"), *(Option(k, v) for k, v in CLASSES.items())))
    return [level, credit_class]


def _when(spec: dict, guide: dict, year: int) -> list[Field]:
    year_field = Field(
        "year", "学分年度", "number", required=True, value=year, attrs=(("min", "1990"), ("max", "2100"))
    )
    if spec.get("once_per_year"):  # 规培: one annual assessment a year, the last year needs the final pass
        years = tuple(Option(str(n), f"{n}年") for n in range(1, 4))
        return [year_field,
                Field("program_years", "规培年限", "select", required=True, options=years, value="3",
                      attrs=(("data-number", "1"),)),
                Field("training_year", "当前年度", "select", required=True, attrs=(("data-number", "1"),),
                      options=tuple(Option(str(n), f"第{n}年") for n in range(1, 4))),
                Field("final_assessment_passed", "结业考核合格（最后一年须勾选）", "checkbox")]
    dates = guide.get("dates", "range_or_year")
    fields = []
    if dates in ("range", "range_or_year") or spec.get("year_from_certificate"):
        required = dates == "range" and not spec.get("year_from_certificate")
        fields += [Field("start_date", "开始日期", "date", required=required),
                   Field("end_date", "结束日期", "date", required=required)]
    if spec.get("year_from_certificate"):  # 跨年进修以合格证获得时间为准
        return fields + [Field("certificate_date", "合格证获得日期", "date", required=True,
                               hint="跨年进修的学分计入合格证获得的年度")]
    if dates == "year":
        fields.append(year_field)
    elif dates == "range_or_year":
        fields.append(Field("year", "学分年度", "number", attrs=(("min", "1990"), ("max", "2100")),
                            hint="填写活动日期，或只填学分年度"))
    return fields


def _evidence(spec: dict, guide: dict) -> Evidence:
    evidence = spec.get("evidence", {})
    count, types = evidence.get("count", 1), tuple(evidence.get("content_types", ()))
    labels = tuple(guide.get("evidence_files", ())) or (("上传文件",) if count == 1 else
                                                        tuple(f"证明材料{n}" for n in range(1, count + 1)))
    formats = "/".join(FILE_TYPES.get(t, t) for t in types) or "不限"
    line = f"{guide.get('evidence', '')}（{count}个文件，格式：{formats}）".lstrip()
    return Evidence(PDF_ONLY_KIND if types == ("application/pdf",) else SCAN_KIND, labels, ",".join(types), line)


def correction_fields(credit: dict) -> tuple[Field, ...]:
    """修改器: the text fields of an entry that can be corrected without a new entry (not its evidence)."""
    def text(name: str, label: str, kind: str = "text", **extra) -> Field:
        value = credit.get(name)
        shown = "" if value is None else f"{value:g}" if isinstance(value, float) else value
        return Field(name, label, kind, value=shown, **extra)

    number = (("min", "0"), ("step", "0.5"))
    return (text("name", "姓名"), text("project_name", "活动名称", required=True), text("project_number", "活动编号"),
            text("sponsor", "发证机构/主办单位"), text("credits", "学分", "number", required=True, attrs=number),
            text("hours", "学时", "number", attrs=number), text("start_date", "开始日期", "date"),
            text("end_date", "结束日期", "date"), text("year", "学分年度", "number", attrs=(("min", "1990"),)))
