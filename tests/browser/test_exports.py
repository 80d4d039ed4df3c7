"""A clerk downloads the review queue from the office desk with one click, and Excel can open it."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.timeout(600)


async def test_the_provincial_office_downloads_its_review_queue_as_an_excel_file(people, tmp_path):
    page = await people.page("js-admin", {"width": 1366, "height": 900}, "Jiangsu2026", accept_downloads=True)
    async with page.expect_download() as started:
        await page.click("#queue a:has-text('导出 Excel')")
    download = await started.value
    assert download.suggested_filename == "学分待审核.xlsx"
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    header = next(load_workbook(saved).active.iter_rows(values_only=True))
    assert header[:3] == ("姓名", "身份证号", "单位") and "学分" in header and "疑似代签" in header
