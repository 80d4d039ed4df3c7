"""Identifiers every service reads the same way: people's ID numbers and project numbers.

They are part of the published language: every ID number a person types is read with
`read_id_number` (so events carry its canonical form), `ProjectPublished.number_normalized` is
`normalize_project_number(number)`, and every service that shows an ID number to someone
other than its owner masks it with `mask_id_number`, and a person's name with `mask_name`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# ASCII digits only: `\d` would also take digits of other scripts, which int() reads happily.
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
# Every dash offices type between digits, folded to ASCII `-`.
DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－"), "-")


def id_check_digit(first_17: str) -> str:
    """The GB 11643 check character (校验码) of the first 17 digits of a 居民身份证号码."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


class InvalidIdNumber(ValueError):
    """Not a 居民身份证号码. One code and one sentence, whichever service refuses it and why:
    a person retyping the number needs to look at all of it either way. A ValueError, so a
    pydantic validator may raise it too."""

    code = "id_number.invalid"
    message = "身份证号码格式不正确或校验位错误，请核对后重新输入"

    def __init__(self) -> None:
        super().__init__(self.message)


def read_id_number(text: str) -> str:
    """The canonical form of an ID number as a person typed it, or InvalidIdNumber.

    Full-width characters are folded to ASCII (NFKC), spaces anywhere are dropped and a
    lower-case x is the check character X; then the shape (17 digits and a digit or X), the
    date of birth (characters 7–14) and the GB 11643 check character must be right.
    """
    number = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).upper()
    if not is_valid_id_number(number):
        raise InvalidIdNumber
    return number


def is_valid_id_number(id_number: str) -> bool:
    """True for an ID number in its canonical form (as `read_id_number` returns it) that is valid."""
    if not _ID_SHAPE.fullmatch(id_number or ""):
        return False
    try:
        date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return False
    return id_check_digit(id_number[:17]) == id_number[17]


def mask_id_number(id_number: str) -> str:
    """身份证号脱敏: the first 4 and last 4 characters stay (5101**********123X)."""
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_name(name: str) -> str:
    """姓名脱敏 for public results: only the first character stays (张*, 欧***).

    The last character is hidden too: with the surname it narrows a name to a handful of
    people in a unit, which is what a public look-up must not do.
    """
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1)


def normalize_project_number(text: str) -> str:
    """The canonical lookup form of a project number: NFKC (full-width → ASCII), one dash, no spaces.

    `2021-03-05-129（国）` and `2021-03-05-129 (国)` both become `2021-03-05-129(国)`; the
    number as written is kept beside it wherever it is shown.
    """
    folded = unicodedata.normalize("NFKC", text or "").translate(DASHES)
    return re.sub(r"\s+", "", folded)
