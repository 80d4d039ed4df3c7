"""Reading the tables people upload (CSV or XLSX) into rows of text cells (表格导入).

Offices and institutions export from Excel or from their own systems, so one upload may be
an XLSX workbook, a CSV in UTF-8 (with or without the BOM Excel writes), a CSV in GBK from
an older Chinese Windows, or a tab-separated text file. Every reader of an uploaded table
(project lists, remote-education credits) goes through here, so all of them accept the same
files and refuse the others with the same reasons.
"""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from cme_platform.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"
# Tried in order. UTF-8 first: a GBK decoder would also accept many UTF-8 files, wrongly.
# GB18030 is a superset of GBK and GB2312, so one attempt reads all three.
ENCODINGS = ("utf-8-sig", "gb18030")
ENCODING_NAMES = {"utf-8-sig": "UTF-8（含或不含 BOM）", "gb18030": "GB18030/GBK", "utf-16": "UTF-16"}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """The rows of the first sheet of an XLSX file, or of a CSV or tab-separated text file.

    Refusals (422, code and Chinese message): `import.unsupported_file` for another type,
    `import.bad_encoding` naming the encodings tried, `import.bad_file` for a broken workbook.
    """
    lower = filename.lower()
    if content.startswith(XLSX_MAGIC) or lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith((".csv", ".txt")) or not filename:
        return _read_csv(_decode(content))
    raise DomainError("import.unsupported_file",
                      f"不支持的文件类型“{filename}”，请上传 CSV 或 XLSX 文件", filename=filename)


def _decode(content: bytes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a BOM; without one it would pass for GB18030.
    candidates = ("utf-16",) if content.startswith(_UTF16_BOMS) else ENCODINGS
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # A NUL never occurs in a text table: bytes that decode with one are binary.
        if "\x00" not in text:
            return text
    tried = "、".join(ENCODING_NAMES[e] for e in candidates)
    message = f"无法识别 CSV 文件的编码（已尝试 {tried}），请在 Excel 中另存为“CSV UTF-8”后重新上传"
    raise DomainError("import.bad_encoding", message, encodings_tried=list(candidates))


def _cell_text(value: object) -> str:
    """A cell as text: dates typed as Excel dates become ISO dates, whole numbers lose `.0`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_csv(text: str) -> list[list[str]]:
    header = text.split("\n", 1)[0]
    dialect = csv.excel_tab if header.count("\t") > header.count(",") else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — openpyxl raises many types for a broken file
        raise DomainError("import.bad_file", "XLSX 文件无法打开，请确认文件未损坏", reason=str(error)[:200]) from None
    try:
        return [[_cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
