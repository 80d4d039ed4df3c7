"""ID numbers and project numbers, read the same way by every service."""

import pytest

from cme_contracts.identifiers import id_check_digit, is_valid_id_number, mask_id_number, mask_name, normalize_project_number


class TestIdNumbers:
    def test_check_digit_of_the_standards_example(self):
        assert id_check_digit("11010519491231002") == "X"
        assert is_valid_id_number("11010519491231002X")

    @pytest.mark.parametrize("bad", ["110105194912310021", "11010519491231002x", "1101051949123100", "", "A1010519491231002X"])
    def test_wrong_check_digit_or_shape_is_invalid(self, bad):
        assert not is_valid_id_number(bad)

    def test_masking_keeps_four_at_each_end(self):
        assert mask_id_number("11010519491231002X") == "1101**********002X"
        assert mask_id_number("1234") == "****"

    def test_names_keep_only_their_first_character_everywhere(self):
        assert [mask_name(n) for n in ("张三", "张晓明", "欧阳小明", "学员0", "")] == ["张*", "张**", "欧***", "学**", ""]


class TestProjectNumbers:
    @pytest.mark.parametrize("written", ["2021-03-05-129（国）", "2021-03-05-129 (国)", "2021－03－05－129（国）"])
    def test_every_way_offices_write_a_national_number_has_one_canonical_form(self, written):
        assert normalize_project_number(written) == "2021-03-05-129(国)"

    def test_society_numbers_keep_their_characters(self):
        assert normalize_project_number(" 口继教字2021-032 ") == "口继教字2021-032"
