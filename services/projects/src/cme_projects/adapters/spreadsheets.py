"""Reading the tables offices publish (CSV or XLSX) into rows of text cells."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from cme_platform.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """The rows of the first sheet of an XLSX file, or of a CSV file (UTF-8, UTF-8 BOM or GBK)."""
    if content.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    if filename.lower().endswith((".csv", ".txt")) or not filename:
        return _read_csv(content)
    raise DomainError("import.unsupported_file", f"不支持的文件类型“{filename}”，请上传 CSV 或 XLSX 文件", filename=filename)


def _read_csv(content: bytes) -> list[list[str]]:
    # Offices save CSV from Excel: UTF-8 with a BOM, or GBK on older Chinese Windows.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("import.bad_encoding", "CSV 文件编码无法识别，请另存为 UTF-8 编码")
    dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — openpyxl raises many types for a broken file
        raise DomainError("import.bad_file", "XLSX 文件无法打开，请确认文件未损坏", reason=str(error)) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value: object) -> str:
    """A cell as text; dates typed as Excel dates become ISO dates, whole numbers lose `.0`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
