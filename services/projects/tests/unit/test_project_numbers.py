"""Project numbers in every format of the seeds, and the malformed ones refused."""

import pytest

from cme_contracts.events import ProjectLevel
from cme_projects.domain.numbers import InvalidProjectNumber, normalize, parse_number


@pytest.mark.parametrize(("written", "normalized", "level", "year"), [
    ("2021-03-05-129（国）", "2021-03-05-129(国)", ProjectLevel.NATIONAL, 2021),
    ("2021-14-05-929 (国)", "2021-14-05-929(国)", ProjectLevel.NATIONAL, 2021),
    ("2020-14-02-049 (国)", "2020-14-02-049(国)", ProjectLevel.NATIONAL, 2020),
    ("2020480301016 (省)", "2020480301016(省)", ProjectLevel.PROVINCIAL, 2020),
    ("口继教字2021-032", "口继教字2021-032", ProjectLevel.SOCIETY, 2021),
    ("2021-0101-001（市）", "2021-0101-001(市)", ProjectLevel.DISTRICT, 2021),
])
def test_every_seed_format_parses_to_its_level_year_and_canonical_form(written, normalized, level, year):
    number = parse_number(written)
    assert (number.written, number.normalized, number.level, number.year) == (written, normalized, level, year)


def test_full_width_and_ascii_spellings_of_one_number_share_the_canonical_form():
    assert parse_number("2021-03-05-129（国）").normalized == parse_number("2021-03-05-129 (国)").normalized
    assert normalize("２０２１－０３－０５－１２９ （国）") == "2021-03-05-129(国)"


def test_the_number_is_kept_exactly_as_written_apart_from_surrounding_blanks():
    assert parse_number("  2021-14-05-929 (国) ").written == "2021-14-05-929 (国)"


@pytest.mark.parametrize("malformed", [
    "2021-03-05-129",  # the （国） left out — Zhejiang: "不要省略（国）"
    "2021-03-05-12（国）",  # three digits expected in the last group
    "21-03-05-129（国）",
    "2021-03-05-129（省）",  # a national shape marked provincial
    "202048030101 (省)",  # twelve digits instead of thirteen
    "继教2021-032",  # no 字
    "",
    "项目编号",
])
def test_malformed_numbers_are_refused_naming_the_expected_formats(malformed):
    with pytest.raises(InvalidProjectNumber) as refused:
        parse_number(malformed)
    assert refused.value.code == "project_number.invalid"
    assert "2021-03-05-129（国）" in refused.value.message and "2020480301016（省）" in refused.value.message
    assert "口继教字2021-032" in refused.value.message
