"""What is wrong with one field of a request, said in Chinese (pydantic says it in English)."""

from __future__ import annotations

from typing import Any

_BY_TYPE = {
    "missing": "必填",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为“是”或“否”（true/false）",
    "bool_type": "应为“是”或“否”（true/false）",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "date_parsing": "日期格式应如 2021-05-01",
    "date_from_datetime_parsing": "日期格式应如 2021-05-01",
    "date_type": "日期格式应如 2021-05-01",
    "datetime_parsing": "时间格式应如 2021-05-01T08:30:00+08:00",
    "datetime_from_date_parsing": "时间格式应如 2021-05-01T08:30:00+08:00",
    "datetime_type": "时间格式应如 2021-05-01T08:30:00+08:00",
    "time_parsing": "时间格式应如 08:30",
    "uuid_parsing": "编号格式不正确",
    "json_invalid": "请求体不是有效的 JSON",
    "extra_forbidden": "不接受该字段",
    "url_parsing": "网址格式不正确",
}
_WITH_LIMIT = {
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "too_short": "至少 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "string_pattern_mismatch": "格式不正确",
}


def chinese_problem(error: dict[str, Any]) -> str:
    """The Chinese sentence for one pydantic error; a validator's own message (ours are Chinese) is kept."""
    kind = error.get("type", "")
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    if kind in _WITH_LIMIT:
        try:
            return _WITH_LIMIT[kind].format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            return "取值不在允许范围内"
    if kind in ("value_error", "assertion_error"):
        return str((error.get("ctx") or {}).get("error", error.get("msg", ""))) or "取值不正确"
    return "取值不正确"
