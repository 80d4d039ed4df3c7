"""The one writer of downloaded lists: Excel opens every export with its Chinese, numbers and times intact."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from cme_platform.errors import DomainError
from cme_platform.tabular import TableFormat, read_table, write_table
from cme_platform.web.downloads import table_format, table_response

COLUMNS = ["姓名", "身份证号", "学时", "签到时间", "日期", "基层"]
ROWS = [["孙七", "320502198808080025", 3.5, datetime(2026, 5, 10, 0, 5, tzinfo=UTC), date(2026, 5, 10), True],
        ["李明", None, 2, None, None, False]]


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_a_csv_starts_with_the_bom_excel_needs_and_ends_lines_as_excel_does():
    content = write_table(COLUMNS, ROWS, TableFormat.CSV)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.count("\r\n") == 3 and "\n" not in text.replace("\r\n", "")
    assert text.splitlines()[0] == "姓名,身份证号,学时,签到时间,日期,基层"


def test_a_csv_writes_times_on_the_beijing_clock_and_keeps_an_id_number_as_text_in_excel():
    row = write_table(COLUMNS, ROWS, TableFormat.CSV).decode("utf-8-sig").splitlines()[1]
    assert row == "孙七,\t320502198808080025,3.5,2026-05-10 08:05,2026-05-10,是"
    assert read_table(write_table(COLUMNS, ROWS, TableFormat.CSV), "导出.csv")[2] == ["李明", "", "2", "", "", "否"]


def test_text_excel_would_run_as_a_formula_stays_text():
    csv_row = write_table(["姓名"], [["=HYPERLINK(\"x\")"]], TableFormat.CSV).decode("utf-8-sig").splitlines()[1]
    assert csv_row.startswith("\"'=HYPERLINK")
    cell = _sheet(write_table(["姓名"], [["=1+1"]], TableFormat.XLSX))["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_an_xlsx_has_a_bold_header_numbers_as_numbers_and_widths_that_fit_chinese():
    sheet = _sheet(write_table(COLUMNS, ROWS, TableFormat.XLSX, title="学员名单"))
    assert sheet.title == "学员名单" and sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == ["孙七", "320502198808080025", 3.5, "2026-05-10 08:05", "2026-05-10", "是"]
    assert isinstance(sheet["C3"].value, int) and sheet["B3"].value is None
    assert sheet.column_dimensions["B"].width >= 18 and sheet.column_dimensions["A"].width >= 4


def test_a_sheet_title_excel_would_refuse_is_trimmed():
    sheet = _sheet(write_table(["a"], [], TableFormat.XLSX, title="学分/审核:情况" + "长" * 40))
    assert sheet.title.startswith("学分审核情况") and len(sheet.title) == 31


def test_the_download_names_the_file_in_chinese_with_an_ascii_fallback():
    response = table_response(["学分"], [[1]], TableFormat.XLSX, filename="学分审核情况", fallback="credits")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="credits.xlsx"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == "学分审核情况.xlsx"
    assert response.media_type.startswith("application/vnd.openxmlformats")
    csv = table_response(["学分"], [], TableFormat.CSV, filename="统计", fallback="s")
    assert csv.media_type.startswith("text/csv")


@pytest.mark.parametrize("asked, expected", [(None, None), ("json", None), ("xlsx", TableFormat.XLSX),
                                             ("CSV", TableFormat.CSV)])
async def test_the_format_parameter_defaults_to_json(asked, expected):
    assert await table_format(asked) is expected


async def test_an_unknown_format_is_refused_in_chinese():
    with pytest.raises(DomainError) as refused:
        await table_format("pdf")
    assert refused.value.code == "export.unknown_format" and "xlsx" in refused.value.message
    assert refused.value.status_code == 422
