"""Identity checks of the registration form (学员信息): ID number and mobile phone."""

from __future__ import annotations

import re
from datetime import date

from cme_attendance.domain.errors import ScanRefused
from cme_contracts.identifiers import id_check_digit, mask_id_number

__all__ = ["mask_id_number", "normalize_id_number", "validate_id_number", "validate_mobile"]

_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_id_number(raw: str) -> str:
    """Trim and upper-case (a lower-case `x` is the same check character)."""
    return raw.strip().upper()


def validate_id_number(raw: str) -> str:
    """A valid 18-character 居民身份证号码 (GB 11643), normalised; refuse with the reason otherwise."""
    value = normalize_id_number(raw)
    if not _ID_SHAPE.match(value):
        raise ScanRefused("identity.id_number_malformed", "身份证号码应为18位（前17位为数字，末位为数字或X）",
                          id_number=value)
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ScanRefused("identity.id_number_bad_birth_date", "身份证号码中的出生日期无效", id_number=value) from None
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        raise ScanRefused("identity.id_number_bad_check_digit", "身份证号码校验位错误，请核对后重新输入",
                          id_number=value, expected_check_digit=expected)
    return value


def validate_mobile(raw: str) -> str:
    """A mainland mobile number (手机号, 11 digits starting 13–19); refuse with the reason otherwise."""
    value = re.sub(r"[\s-]", "", raw)
    if value.startswith("+86"):
        value = value[3:]
    if not _MOBILE.match(value):
        raise ScanRefused("identity.phone_invalid", "手机号应为以1开头的11位数字", phone=raw)
    return value
