"""The one reader of uploaded tables: every file an office or institution exports, read alike."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from cme_platform.errors import DomainError
from cme_platform.tabular import read_table

TABLE = [["身份证号", "姓名", "项目名称", "学分"], ["11010519491231002X", "王芳", "口腔正畸（国）", "10"]]
CSV = "身份证号,姓名,项目名称,学分\r\n11010519491231002X,王芳,口腔正畸（国）,10\r\n"


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_a_csv_in_any_encoding_offices_save_in_reads_the_same(encoding):
    assert read_table(CSV.encode(encoding), "名单.csv") == TABLE


def test_a_character_outside_gbk_is_read_from_gb18030():
    text = "姓名,单位\r\n𠀀明,㐀医院\r\n"  # CJK extension characters GBK lacks
    assert read_table(text.encode("gb18030"), "名单.csv")[1] == ["𠀀明", "㐀医院"]


def test_a_tab_separated_export_is_split_on_tabs():
    text = CSV.replace(",", "\t").replace("口腔正畸（国）", "口腔正畸, 第一期")
    assert read_table(text.encode("gbk"), "名单.txt")[1] == ["11010519491231002X", "王芳", "口腔正畸, 第一期", "10"]


def test_xlsx_date_cells_become_iso_dates_and_whole_numbers_lose_the_point():
    rows = [
        ["开始日期", "结束日期", "学分", "学时", "空"],
        [datetime(2021, 5, 10, 8, 30), date(2021, 5, 16), 10.0, 2.5, None],
    ]
    assert read_table(xlsx(rows), "学分.xlsx") == [["开始日期", "结束日期", "学分", "学时", "空"],
                                                 ["2021-05-10", "2021-05-16", "10", "2.5", ""]]


def test_a_workbook_named_csv_is_still_read_as_a_workbook():
    assert read_table(xlsx(TABLE), "导出.csv") == TABLE


@pytest.mark.parametrize("content", [b"\xd6\xd0\x80,\xff\r\n", b"%PDF-1.4\n\x00\x01\x02"], ids=["bad-bytes", "binary"])
def test_an_unreadable_csv_is_refused_naming_the_encodings_tried(content):
    with pytest.raises(DomainError) as refused:
        read_table(content, "名单.csv")
    error = refused.value.to_dict()["error"]
    assert (refused.value.status_code, error["code"]) == (422, "import.bad_encoding")
    assert "UTF-8" in error["message"] and "GB18030/GBK" in error["message"]
    assert error["details"] == {"encodings_tried": ["utf-8-sig", "gb18030"]}


def test_a_broken_workbook_and_another_file_type_are_refused_with_their_reasons():
    with pytest.raises(DomainError) as broken:
        read_table(b"PK\x03\x04 not really a zip", "学分.xlsx")
    assert broken.value.code == "import.bad_file"
    with pytest.raises(DomainError) as other:
        read_table(b"%PDF-1.4", "学分.pdf")
    assert (other.value.code, other.value.details) == ("import.unsupported_file", {"filename": "学分.pdf"})
