"""Reading remote-education credit templates (远程教育学分导入模板): CSV or XLSX, by column name.

The bytes are read by the platform's one table reader (encodings, tabs, date cells); this
module only knows the template's columns.
"""

from __future__ import annotations

from cme_credits.domain.errors import CreditRefused
from cme_platform.tabular import read_table

# Template headers (Chinese as institutions fill them, or the API's English field names).
HEADERS = {
    "身份证号": "id_number", "姓名": "name", "工作单位": "unit", "单位": "unit", "单位编码": "unit_id",
    "地市编码": "city_id", "项目编号": "project_number", "项目名称": "project_name", "学分类别": "credit_class",
    "学分级别": "level", "学分": "credits", "学时": "hours", "开始日期": "start_date", "结束日期": "end_date",
    "年度": "year", "记录编号": "record_id",
}
REQUIRED = {"id_number", "name", "project_name", "credit_class", "credits"}
# The column each field has in the template (the first Chinese header naming it).
COLUMN_OF = {field: header for header, field in reversed(HEADERS.items())}
# The template's columns in order, and one example row as an institution fills it.
TEMPLATE = ("身份证号", "姓名", "工作单位", "项目编号", "项目名称", "学分类别", "学分级别", "学分", "学时",
            "开始日期", "结束日期", "记录编号")
EXAMPLE = ("510104198503121232", "张三", "四川省人民医院", "2026-04-01-001（国）", "心血管疾病诊疗新进展（远程）",
           "I", "国家级", "2", "6", "2026-03-01", "2026-03-31", "HY-2026-000001")


def read_rows(filename: str, content: bytes) -> list[dict]:
    """The data rows of an upload as dicts keyed by field name, without empty cells."""
    table = read_table(content, filename)
    if not table:
        raise CreditRefused("import.empty", "上传的文件没有内容")
    columns = [HEADERS.get(h.strip(), h.strip()) for h in table[0]]
    missing = sorted(REQUIRED - set(columns))
    if missing:
        raise CreditRefused("import.missing_columns", "模板缺少必填列：" + "、".join(COLUMN_OF[m] for m in missing),
                            missing=missing)
    # An empty cell is an absent value, whether the file was CSV or XLSX; a row may be shorter or
    # longer than the header (trailing cells left out, or typed past the last column).
    return [{c: v for c, v in zip(columns, row, strict=False) if v != ""} for row in table[1:] if any(row)]


def template_table() -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The upload template as columns and rows: the columns in Chinese and one example row."""
    return TEMPLATE, [EXAMPLE]
