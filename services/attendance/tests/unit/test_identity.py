"""The registration form's identity checks: GB 11643 ID numbers and mobile numbers."""

import pytest

from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.identity import mask_id_number, validate_id_number, validate_mobile


def test_a_valid_id_number_is_normalised_to_a_capital_x():
    assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(("raw", "code"), [
    ("110105194912310021", "identity.id_number_bad_check_digit"),
    ("11010519491331002X", "identity.id_number_bad_birth_date"),
    ("1101051949123100", "identity.id_number_malformed"),
    ("11010519491231002Y", "identity.id_number_malformed"),
])
def test_a_bad_id_number_is_refused_with_its_own_reason(raw, code):
    with pytest.raises(ScanRefused) as refused:
        validate_id_number(raw)
    assert refused.value.code == code


def test_a_bad_check_digit_names_the_expected_one():
    with pytest.raises(ScanRefused) as refused:
        validate_id_number("110105194912310021")
    assert refused.value.details["expected_check_digit"] == "X"
    assert "校验位" in refused.value.message


@pytest.mark.parametrize("raw", ["13912345678", "+86 139-1234-5678"])
def test_mainland_mobile_numbers_are_accepted(raw):
    assert validate_mobile(raw) == "13912345678"


@pytest.mark.parametrize("raw", ["12912345678", "1391234567", "0512-6523456"])
def test_other_numbers_are_refused(raw):
    with pytest.raises(ScanRefused) as refused:
        validate_mobile(raw)
    assert refused.value.code == "identity.phone_invalid"


def test_a_shown_id_number_hides_the_birth_date():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
