"""Shared fixtures of the notifications service's tests: sample people and sessions."""

from __future__ import annotations

import uuid

import pytest

LEARNER_ID = "51010419850312123X"


def random_id_number() -> str:
    """A fresh 18-character ID number, so tests do not read each other's messages."""
    return f"5101{uuid.uuid4().int % 10**13:013d}X"


@pytest.fixture
def new_id_number():
    """Factory of fresh ID numbers."""
    return random_id_number
