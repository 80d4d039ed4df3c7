"""What the pages draw and format: inline SVG charts, local times."""

import re

from cme_identity.entrypoints.charts import bar_chart, ratio_ring
from cme_identity.entrypoints.web import local_time


def test_a_bar_chart_draws_one_bar_per_value_scaled_to_the_largest_and_marks_the_target():
    svg = str(bar_chart([("Ⅰ类", 5), ("Ⅱ类", 10)], title="学分", unit="分", target=25))
    assert svg.startswith("<svg") and svg.count("<rect") == 2
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[1] == 2 * widths[0]
    assert "要求 25" in svg


def test_an_empty_chart_says_there_is_no_data_and_a_ring_without_a_whole_shows_a_dash():
    assert "暂无数据" in str(bar_chart([], title="学分"))
    assert ">—<" in str(ratio_ring(0, 0, title="通过率"))
    assert ">75%<" in str(ratio_ring(3, 4, title="通过率"))


def test_labels_are_escaped():
    assert "<script>" not in str(bar_chart([("<script>", 1)], title="x"))


def test_times_from_the_apis_are_shown_on_beijing_time():
    assert local_time("2026-11-22T02:25:00+00:00") == "10:25"
    assert local_time(None) == "—"
