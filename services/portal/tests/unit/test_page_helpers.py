"""What the pages draw: inline SVG charts that carry their numbers and fit a phone."""

import re

import pytest

from cme_portal.entrypoints.charts import FONT, WIDTH, _text_width, bar_chart, ratio_ring


def test_a_bar_chart_draws_one_bar_per_value_scaled_to_the_largest_and_marks_the_target():
    figure = str(bar_chart([("Ⅰ类", 5), ("Ⅱ类", 10)], title="学分", unit="分", target=25))
    assert figure.startswith('<figure class="chart">') and figure.count("<rect") == 2
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', figure)]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.1)  # drawn to a tenth of a unit
    assert "要求 25分" in figure


def test_every_chart_shows_its_numbers_in_a_table_under_a_toggle_and_describes_itself():
    figure = str(bar_chart([("Ⅰ类", 5), ("Ⅱ类", 10)], title="学分", unit="分", target=25))
    assert "<summary>查看数据</summary>" in figure
    assert re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", figure) == [
        ("Ⅰ类", "5分"),
        ("Ⅱ类", "10分"),
        ("要求", "25分"),
    ]
    assert "<title>学分</title><desc>Ⅰ类 5分；Ⅱ类 10分；要求 25分</desc>" in figure
    ring = str(ratio_ring(3, 4, title="通过率", part_label="已通过", whole_label="学分记录"))
    assert re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", ring) == [
        ("已通过", "3"),
        ("学分记录", "4"),
        ("比例", "75%"),
    ]
    assert "<desc>已通过 3，学分记录 4，75%</desc>" in ring and ">75%<" in ring


def test_an_empty_chart_says_there_is_no_data_and_a_ring_without_a_whole_shows_a_dash():
    empty = str(bar_chart([], title="学分"))
    assert "暂无数据" in empty and "<svg" not in empty and "查看数据" not in empty
    assert ">—<" in str(ratio_ring(0, 0, title="通过率", part_label="已通过", whole_label="学分记录"))


def test_long_labels_and_large_values_stay_inside_the_drawing_in_readable_text():
    figure = str(bar_chart([("一个很长很长很长很长很长很长的分类名称", 3), ("短", 1234567.5)], title="x", unit="分"))
    label = re.search(r'text-anchor="end">(.*?)</text>', figure).group(1)
    assert label.endswith("…") and "一个很长很长很长很长很长很长的分类名称" in figure  # whole in the table
    value_x = float(re.findall(r'<text x="([\d.]+)" y="[\d.]+">1234567.5分</text>', figure)[0])
    assert value_x + _text_width("1234567.5分") <= WIDTH
    assert all(int(size) >= FONT for size in re.findall(r'font-size="(\d+)"', figure))


def test_labels_are_escaped():
    assert "<script>" not in str(bar_chart([("<script>", 1)], title="<b>x</b>"))
