"""Check digits of organisation codes, unified social credit codes and ID numbers."""

import pytest

from cme_identity.domain.codes import (
    id_number_with_check_digit,
    normalize_id_number,
    normalize_org_code,
    org_code_with_check_digit,
)
from cme_platform.errors import DomainError


class TestOrganisationCode:
    def test_a_published_organisation_code_passes_with_or_without_its_hyphen(self):
        # 91350100M000100Y43 is the sample unified social credit code of GB 32100-2015.
        assert normalize_org_code("M000100Y-4") == "M000100Y4"
        assert normalize_org_code("m000100y4") == "M000100Y4"

    def test_a_unified_social_credit_code_is_reduced_to_the_organisation_code_it_embeds(self):
        assert normalize_org_code("91350100M000100Y43") == "M000100Y4"

    def test_a_mistyped_check_digit_is_refused_with_the_reason(self):
        with pytest.raises(DomainError) as refused:
            normalize_org_code("M000100Y-1")
        assert refused.value.code == "unit.bad_org_code"
        assert "校验失败" in refused.value.message

    def test_a_credit_code_with_a_wrong_last_character_is_refused(self):
        with pytest.raises(DomainError):
            normalize_org_code("91350100M000100Y44")

    def test_a_completed_code_body_always_validates(self):
        for body in ("12345678", "45000001", "MA2X3Y4Z"):
            assert normalize_org_code(org_code_with_check_digit(body)) == org_code_with_check_digit(body)


class TestIdNumber:
    def test_an_id_number_with_the_right_check_digit_passes_and_x_is_upper_cased(self):
        assert normalize_id_number("11010519491231002x") == "11010519491231002X"

    @pytest.mark.parametrize("raw", ["110105194912310021", "1101051949"])
    def test_a_wrong_check_digit_or_length_is_refused_with_the_one_code_and_sentence(self, raw):
        with pytest.raises(DomainError) as refused:
            normalize_id_number(raw)
        assert refused.value.code == "id_number.invalid"
        assert refused.value.message == "身份证号码格式不正确或校验位错误，请核对后重新输入"

    def test_completed_bodies_validate(self):
        number = id_number_with_check_digit("51010719850101123")
        assert normalize_id_number(number) == number
