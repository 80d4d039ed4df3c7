"""Identity numbers (居民身份证号, GB 11643) and project numbers as people write them."""

from __future__ import annotations

import re
import unicodedata

from cme_credits.domain.errors import CreditRefused

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－"), "-")
_NATIONAL_MARK = re.compile(r"[（(]\s*国\s*[）)]")


def is_valid_id_number(id_number: str) -> bool:
    """True for an 18-character ID number whose check digit is right."""
    if not re.fullmatch(r"\d{17}[\dX]", id_number or ""):
        return False
    total = sum(int(d) * w for d, w in zip(id_number[:17], _WEIGHTS))
    return _CHECK[total % 11] == id_number[17]


def with_check_digit(first17: str) -> str:
    """The full ID number for its first 17 digits (used by factories and data fixes)."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return first17 + _CHECK[total % 11]


def require_id_number(id_number: str) -> str:
    """The ID number upper-cased, or a refusal when it is not a valid one."""
    value = (id_number or "").strip().upper()
    if not is_valid_id_number(value):
        raise CreditRefused("identity.invalid_id_number", "身份证号格式或校验位不正确", id_number=mask(value))
    return value


def mask(id_number: str) -> str:
    """The ID number as shown to others: first 6 and last 4 characters (110101********1234)."""
    if len(id_number) <= 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def is_national_number(number: str) -> bool:
    """True when the number carries the national mark （国） or (国)."""
    return bool(_NATIONAL_MARK.search(number or ""))


def normalize_number(number: str) -> str:
    """The canonical lookup form, as the projects service publishes it: NFKC, one dash, no spaces."""
    folded = unicodedata.normalize("NFKC", number or "").translate(_DASHES)
    return re.sub(r"\s+", "", folded)
