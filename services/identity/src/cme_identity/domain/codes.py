"""Check digits of the codes people type in: 组织机构代码, 统一社会信用代码, 居民身份证号码.

A unit registers with its organisation code (seed 004: 输入单位组织机构代码和单位名称全称进行单位
信息验证); a mistyped code is caught here by its check digit before anything is stored.
"""

from __future__ import annotations

import re

from cme_contracts.identifiers import InvalidIdNumber, id_check_digit, read_id_number
from cme_platform.errors import DomainError

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 leaves out I, O, Z, S, V
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _org_check_digit(body: str) -> str:
    """The ninth character of a GB 11714 organisation code for its first eight."""
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def _org_code_valid(code: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code)) and _org_check_digit(code[:8]) == code[8]


def _uscc_valid(code: str) -> bool:
    if not re.fullmatch(f"[{_USCC_CHARSET}]{{18}}", code):
        return False
    total = sum(_USCC_CHARSET.index(ch) * w for ch, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31] == code[17] and _org_code_valid(code[8:17])


def normalize_org_code(raw: str) -> str:
    """The canonical organisation code (组织机构代码, 9 characters, the hyphen removed) of a unit.

    An 18-character unified social credit code (统一社会信用代码) is accepted too and reduced
    to the organisation code it embeds, so a unit registers once whichever it types.
    """
    code = raw.strip().upper().replace("-", "").replace(" ", "")
    if len(code) == 18 and _uscc_valid(code):
        return code[8:17]
    if len(code) == 9 and _org_code_valid(code):
        return code
    raise DomainError("unit.bad_org_code", "组织机构代码或统一社会信用代码校验失败，请核对后重新输入", org_code=raw)


def normalize_id_number(raw: str) -> str:
    """The canonical resident ID number (居民身份证号码) by contracts' `read_id_number`; refused otherwise."""
    try:
        return read_id_number(raw)
    except InvalidIdNumber as invalid:
        raise DomainError(invalid.code, invalid.message, id_number=raw) from None


def org_code_with_check_digit(body: str) -> str:
    """Complete an 8-character organisation code body with its check digit (for fixtures and tools)."""
    return body + _org_check_digit(body)


def id_number_with_check_digit(body: str) -> str:
    """Complete a 17-digit ID number body with its check digit (for fixtures and tools)."""
    return body + id_check_digit(body)
