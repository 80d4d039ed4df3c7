"""Identity checks of the registration form (学员信息): ID number and mobile phone."""

from __future__ import annotations

import re

from cme_attendance.domain.errors import ScanRefused
from cme_contracts.identifiers import InvalidIdNumber, read_id_number

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def validate_id_number(raw: str) -> str:
    """A valid 居民身份证号码 in its canonical form (contracts' `read_id_number`); refused otherwise."""
    try:
        return read_id_number(raw)
    except InvalidIdNumber as invalid:
        raise ScanRefused(invalid.code, invalid.message, id_number=raw.strip()) from None


def validate_mobile(raw: str) -> str:
    """A mainland mobile number (手机号, 11 digits starting 13–19); refuse with the reason otherwise."""
    value = re.sub(r"[\s-]", "", raw)
    value = value.removeprefix("+86")
    if not _MOBILE.match(value):
        raise ScanRefused("identity.phone_invalid", "手机号应为以1开头的11位数字", phone=raw)
    return value
