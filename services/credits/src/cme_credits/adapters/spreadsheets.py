"""Reading remote-education credit templates (远程教育学分导入模板): CSV and XLSX."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from cme_credits.domain.errors import CreditRefused

# Template headers (Chinese as institutions fill them, or the API's English field names).
HEADERS = {
    "身份证号": "id_number", "姓名": "name", "工作单位": "unit", "单位": "unit", "单位编码": "unit_id",
    "地市编码": "city_id", "项目编号": "project_number", "项目名称": "project_name", "学分类别": "credit_class",
    "学分级别": "level", "学分": "credits", "学时": "hours", "开始日期": "start_date", "结束日期": "end_date",
    "年度": "year", "记录编号": "record_id",
}
FIELDS = set(HEADERS.values())


def read_rows(filename: str, content: bytes) -> list[dict]:
    """The data rows of an upload as dicts keyed by field name; refuses unknown formats."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        table = _xlsx(content)
    elif lower.endswith(".csv"):
        table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        raise CreditRefused("import.unsupported_format", "请按模板上传 .xlsx 或 .csv 文件", filename=filename)
    if not table:
        raise CreditRefused("import.empty", "上传的文件没有内容")
    columns = [HEADERS.get(str(h or "").strip(), str(h or "").strip()) for h in table[0]]
    missing = sorted({"id_number", "name", "project_name", "credit_class", "credits"} - set(columns))
    if missing:
        raise CreditRefused("import.missing_columns", "模板缺少必填列：" + "、".join(missing), missing=missing)
    return [dict(zip(columns, row)) for row in table[1:] if any(cell not in (None, "") for cell in row)]


def _xlsx(content: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — any unreadable workbook is the same refusal
        raise CreditRefused("import.unreadable", "无法读取该 Excel 文件", reason=str(error)[:200]) from None
    try:
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()
