"""Lists as downloads (导出): the `format` parameter every list endpoint takes, and the file response.

A list endpoint answers JSON by default; `?format=xlsx` or `?format=csv` answers the same rows,
with the same scope checks, as a file named in Chinese. One parameter on the list itself (not a
sibling `/export` path) means an export can never show more than its list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote

from fastapi import Query
from fastapi.responses import Response

from cme_platform.errors import DomainError
from cme_platform.tabular import MEDIA_TYPES, TableFormat, write_table

# One column of an exported list: its Chinese header and how to read its cell from one item.
Column = tuple[str, Callable[[Any], object]]
FORMAT_HELP = "留空或 json 返回 JSON；xlsx 下载 Excel 表格；csv 下载 CSV（UTF-8 带 BOM，Excel 可直接打开）"
# For OpenAPI: a list endpoint answers its JSON or, when asked, one of these files.
TABLE_RESPONSES: dict[int | str, dict] = {200: {"content": {media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
                                                "description": "JSON；或按 format 导出的表格文件"}}


async def table_format(fmt: str | None = Query(None, alias="format", max_length=20, description=FORMAT_HELP)
                 ) -> TableFormat | None:
    """The requested download format, or None for JSON; an unknown one is refused (422) in Chinese."""
    if fmt in (None, "", "json"):
        return None
    try:
        return TableFormat(fmt.lower())
    except ValueError:
        raise DomainError("export.unknown_format", f"不支持的导出格式“{fmt}”，请选择 xlsx（Excel）或 csv",
                          format=fmt, allowed=[f.value for f in TableFormat]) from None


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment header naming the file in Chinese (RFC 5987 `filename*`) with an ASCII
    `filename` for clients that read only that one (RFC 6266)."""
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", fallback)  # nothing that could end the quoted value
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def table_response(columns: Sequence[str], rows: Iterable[Sequence], fmt: TableFormat, *, filename: str,
                   fallback: str) -> Response:
    """The rows as a downloaded file: `filename` (Chinese, without extension) and its ASCII
    `fallback` get the format's extension."""
    body = write_table(columns, rows, fmt, title=filename)
    headers = {"Content-Disposition": content_disposition(f"{filename}.{fmt.value}", f"{fallback}.{fmt.value}"),
               "Cache-Control": "no-store"}  # personal data: not for shared caches
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def list_response(items: Iterable, columns: Sequence[Column], fmt: TableFormat, *, filename: str,
                  fallback: str) -> Response:
    """The items of a list (as its JSON shows them) as a downloaded file, one row each."""
    rows = ([cell(item) for _, cell in columns] for item in items)
    return table_response([header for header, _ in columns], rows, fmt, filename=filename, fallback=fallback)
