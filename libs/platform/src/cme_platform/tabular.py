"""Reading the tables people upload (表格导入) and writing the lists they download (导出).

Offices and institutions export from Excel or from their own systems, so one upload may be
an XLSX workbook, a CSV in UTF-8 (with or without the BOM Excel writes), a CSV in GBK from
an older Chinese Windows, or a tab-separated text file. Every reader of an uploaded table
(project lists, remote-education credits) goes through here, so all of them accept the same
files and refuse the others with the same reasons.

Every list people download (attendee lists, review queues, statistics, templates) is written
by `write_table`, so each export opens in Excel the same way: Chinese intact, numbers as numbers,
times on the Beijing clock.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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


class TableFormat(StrEnum):
    """The formats a list is downloaded in."""

    XLSX = "xlsx"
    CSV = "csv"


MEDIA_TYPES = {TableFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               TableFormat.CSV: "text/csv; charset=utf-8"}
# Every jurisdiction keeps China Standard Time: a time is written as people read it on the pages.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M"
# Excel runs a cell starting with these as a formula (CSV injection): such text is kept as text.
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_WIDTH = 60


def write_table(columns: Sequence[str], rows: Iterable[Sequence], fmt: TableFormat, *, title: str = "Sheet1") -> bytes:
    """A header row and data rows as XLSX (bold header, fitted widths) or CSV (UTF-8 with BOM, CRLF).

    Numbers stay numbers, datetimes become Beijing time text, dates ISO text, booleans 是/否,
    None an empty cell. `title` names the XLSX sheet.
    """
    table = [[_plain(value) for value in row] for row in rows]
    if fmt is TableFormat.CSV:
        return _csv(columns, table)
    return _xlsx(columns, table, title)


def _plain(value: object) -> object:
    """A cell's value as written: text, a number, or None."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        local = value.astimezone(LOCAL_ZONE) if value.tzinfo else value
        return local.strftime(TIME_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS) and len(value) > 1:
            return "'" + value
        # Excel turns a long digit string (an ID number) into 3.2E+17 and loses its digits; a
        # leading tab keeps it text, and it is the convention Chinese offices' systems follow.
        if value.isdigit() and (len(value) > 11 or value.startswith("0")):
            return "\t" + value
    return str(value)


def _csv(columns: Sequence[str], table: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF, as Excel writes CSV
    writer.writerow(columns)
    writer.writerows([_csv_text(v) for v in row] for row in table)
    # The BOM is how Excel knows the file is UTF-8; without it Chinese opens as mojibake.
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def _width(value: object) -> int:
    """Display width: a Chinese character is two columns wide."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _xlsx(columns: Sequence[str], table: list[list], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    for index, column in enumerate(columns):
        widest = max([_width(column), *(_width(row[index]) for row in table if index < len(row))])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in table:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value: object):
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # openpyxl would store it as a formula for Excel to run
    return cell


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet name and names longer than 31.
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet1"
