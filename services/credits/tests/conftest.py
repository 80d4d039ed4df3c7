"""Shared fixtures of the credits service's tests."""

from __future__ import annotations

import itertools

import pytest

from cme_credits.domain.identity import with_check_digit

_serial = itertools.count(1)


def new_id_number(birth: str = "19850315") -> str:
    """A valid, unique ID number (居民身份证号) for a test person."""
    return with_check_digit(f"330106{birth}{next(_serial) % 1000:03d}")


@pytest.fixture
def id_number():
    """A factory of valid, distinct ID numbers."""
    return new_id_number
