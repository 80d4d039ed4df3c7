"""The registration form's identity checks: GB 11643 ID numbers and mobile numbers."""

import pytest

from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.identity import validate_id_number, validate_mobile


def test_a_valid_id_number_is_normalised_to_a_capital_x():
    assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize("raw", ["110105194912310021", "11010519491331002X", "1101051949123100", "11010519491231002Y"])
def test_a_bad_id_number_is_refused_with_the_one_code_and_sentence_of_every_service(raw):
    with pytest.raises(ScanRefused) as refused:
        validate_id_number(raw)
    assert refused.value.code == "id_number.invalid"
    assert refused.value.message == "身份证号码格式不正确或校验位错误，请核对后重新输入"


@pytest.mark.parametrize("raw", ["13912345678", "+86 139-1234-5678"])
def test_mainland_mobile_numbers_are_accepted(raw):
    assert validate_mobile(raw) == "13912345678"


@pytest.mark.parametrize("raw", ["12912345678", "1391234567", "0512-6523456"])
def test_other_numbers_are_refused(raw):
    with pytest.raises(ScanRefused) as refused:
        validate_mobile(raw)
    assert refused.value.code == "identity.phone_invalid"

