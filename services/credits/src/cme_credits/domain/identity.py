"""Identity numbers (居民身份证号, GB 11643) and project numbers as people write them."""

from __future__ import annotations

import re

from cme_contracts.identifiers import InvalidIdNumber, id_check_digit, is_valid_id_number, read_id_number
from cme_contracts.identifiers import mask_id_number as mask
from cme_contracts.identifiers import normalize_project_number as normalize_number
from cme_credits.domain.errors import CreditRefused

__all__ = ["is_national_number", "is_valid_id_number", "mask", "normalize_number", "require_id_number",
           "with_check_digit"]

_NATIONAL_MARK = re.compile(r"[（(]\s*国\s*[）)]")


def with_check_digit(first17: str) -> str:
    """The full ID number for its first 17 digits (used by factories and data fixes)."""
    return first17 + id_check_digit(first17)


def require_id_number(id_number: str) -> str:
    """The ID number in its canonical form (contracts' `read_id_number`), or a refusal."""
    try:
        return read_id_number(id_number)
    except InvalidIdNumber as invalid:
        raise CreditRefused(invalid.code, invalid.message, id_number=mask((id_number or "").strip())) from None


def is_national_number(number: str) -> bool:
    """True when the number carries the national mark （国） or (国)."""
    return bool(_NATIONAL_MARK.search(number or ""))
