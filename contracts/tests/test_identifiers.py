"""ID numbers and project numbers, read the same way by every service."""

import pytest

from cme_contracts.identifiers import (
    InvalidIdNumber,
    id_check_digit,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    normalize_project_number,
    read_id_number,
)


class TestIdNumbers:
    def test_check_digit_of_the_standards_example(self):
        assert id_check_digit("11010519491231002") == "X"
        assert is_valid_id_number("11010519491231002X")

    @pytest.mark.parametrize(
        "bad", ["110105194912310021", "11010519491231002x", "1101051949123100", "", "A1010519491231002X"]
    )
    def test_wrong_check_digit_or_shape_is_invalid(self, bad):
        assert not is_valid_id_number(bad)

    @pytest.mark.parametrize("typed", [
        "11010519491231002X",
        "11010519491231002x",  # a lower-case check character
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width, as Chinese input methods type it
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002X\t",  # spaces around and inside
        "110105\u300019491231\u3000002x",  # ideographic spaces
    ])
    def test_every_way_a_person_types_a_number_reads_as_its_canonical_form(self, typed):
        assert read_id_number(typed) == "11010519491231002X"

    @pytest.mark.parametrize("bad", [
        "110105194912310021",  # wrong check digit
        "1101051949123100",  # too short
        "11010519491231002X1",  # too long
        "",
        "11010519491231002Y",  # not a digit or X at the end
        "110105194913310021",  # the right check digit, but no 13th month: the date of birth counts
        "110105194902300020",  # nor a 30 February
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits are digits to Python, not to GB 11643
    ])
    def test_a_number_that_is_not_one_is_refused_with_the_one_code_and_sentence(self, bad):
        with pytest.raises(InvalidIdNumber) as refused:
            read_id_number(bad)
        assert refused.value.code == "id_number.invalid"
        assert refused.value.message == str(refused.value) == "身份证号码格式不正确或校验位错误，请核对后重新输入"

    def test_the_refusal_is_a_value_error_so_validators_may_raise_it(self):
        assert issubclass(InvalidIdNumber, ValueError)

    def test_masking_keeps_four_at_each_end(self):
        assert mask_id_number("11010519491231002X") == "1101**********002X"
        assert mask_id_number("1234") == "****"

    def test_names_keep_only_their_first_character_everywhere(self):
        assert [mask_name(n) for n in ("张三", "张晓明", "欧阳小明", "学员0", "")] == [
            "张*",
            "张**",
            "欧***",
            "学**",
            "",
        ]


class TestProjectNumbers:
    @pytest.mark.parametrize("written", ["2021-03-05-129（国）", "2021-03-05-129 (国)", "2021－03－05－129（国）"])
    def test_every_way_offices_write_a_national_number_has_one_canonical_form(self, written):
        assert normalize_project_number(written) == "2021-03-05-129(国)"

    def test_society_numbers_keep_their_characters(self):
        assert normalize_project_number(" 口继教字2021-032 ") == "口继教字2021-032"
