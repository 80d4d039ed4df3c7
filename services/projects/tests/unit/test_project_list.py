"""Rows of a published list become projects; the header may vary as offices write it."""

from datetime import date

import pytest

from cme_contracts.events import CreditClass, ProjectLevel
from cme_platform.errors import DomainError
from cme_projects.domain.project_list import map_header, read_row


def test_every_row_of_seed_000_reads_into_a_remote_filing_project(seed_table):
    header = map_header(seed_table[0])
    projects = [read_row(r, header, jurisdiction="zhejiang", remote_filing=True) for r in seed_table[1:]]
    assert len(projects) == 28
    first, society = projects[0], projects[7]
    assert (first.number, first.number_normalized) == ("2021-03-05-129（国）", "2021-03-05-129(国)")
    assert (first.start_date, first.end_date, first.credits) == (date(2021, 3, 27), date(2021, 3, 28), 4)
    assert (first.lead, first.co_organizer, first.remote_filing) == ("边学燕", "宁波市第一医院", True)
    assert (society.number, society.level, society.credit_class, society.credits) == (
        "口继教字2021-032", ProjectLevel.SOCIETY, CreditClass.I, 2)
    assert {p.year for p in projects} == {2021}


def test_header_variants_name_the_same_columns():
    header = map_header(["序号", "编号", "名称", "申办单位", "负责人", "承办单位", "举办时间", "学分"])
    assert [header[c] for c in ("number", "name", "sponsor", "lead", "co_organizer", "dates", "credits")] == list(
        range(1, 8)
    )


def test_a_header_without_the_number_column_is_refused_naming_it():
    with pytest.raises(DomainError) as refused:
        map_header(["序号", "项目名称", "举办日期", "学分"])
    assert refused.value.code == "import.bad_header" and "项目编号" in refused.value.message


def test_a_row_with_an_empty_name_is_refused():
    header = map_header(["项目编号", "项目名称", "举办日期", "学分"])
    with pytest.raises(DomainError, match="项目名称"):
        read_row(["2021-03-05-129（国）", " ", "2021年3月27日", "国家级I类4分"], header,
                 jurisdiction="zhejiang", remote_filing=True)
