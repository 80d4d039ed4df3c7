"""Yearly compliance: totals, class minimums, the 5-year national rule, and the what-if."""

from cme_credits.domain.compliance import LedgerCredit, evaluate
from cme_credits.domain.rules import load_rule_set

RULES = load_rule_set("zhejiang")


def credit(credit_id, year, credit_class, credits, *, level="provincial", status="approved", **more):
    return LedgerCredit(credit_id=credit_id, year=year, credit_class=credit_class, level=level, credits=credits,
                        status=status, project_name=f"项目{credit_id}", **more)


def codes(result) -> set[str]:
    return {gap["code"] for gap in result["missing"]}


def test_six_class_i_and_twenty_class_ii_meet_the_year():
    result = evaluate(RULES, [credit("a", 2024, "I", 6), credit("b", 2024, "II", 20)], year=2024)
    assert result["met"] and result["missing"] == []
    assert result["totals"]["total"] == 26


def test_class_i_never_stands_in_for_missing_class_ii():
    result = evaluate(RULES, [credit("a", 2024, "I", 20), credit("b", 2024, "II", 10)], year=2024)
    assert not result["met"]
    assert codes(result) == {"class_ii", "annual_total"}, "the 10 class I credits above the bound count for nothing"
    gap = result["missing"][0]
    assert (gap["needed"], gap["have"], gap["short_by"]) == (15, 10, 5)
    assert "Ⅰ类不能替代" in gap["message"]


def test_missing_class_i_is_named_and_class_ii_above_its_bound_does_not_make_up_the_total():
    result = evaluate(RULES, [credit("a", 2024, "I", 3), credit("b", 2024, "II", 25)], year=2024)
    assert codes(result) == {"class_i", "annual_total"}
    assert result["totals"]["total"] == 23


def test_class_i_above_its_upper_bound_of_ten_does_not_count_toward_the_annual_total_and_says_so():
    result = evaluate(RULES, [credit("a", 2024, "I", 12), credit("b", 2024, "II", 15)], year=2024)
    assert result["met"]
    assert (result["totals"]["class_i"], result["totals"]["total"]) == (12, 25)
    (above,) = result["above_bounds"]
    assert (above["code"], above["bound"], above["excess"]) == ("class_i_max", 10, 2)
    assert above["message"] == "Ⅰ类学分超过上限10分的部分（2分）不计入年度总分"
    assert (result["requirements"]["class_i_max"], result["requirements"]["class_ii_max"]) == (10, 20)


def test_class_ii_above_its_upper_bound_of_twenty_does_not_count_either():
    result = evaluate(RULES, [credit("a", 2024, "I", 5), credit("b", 2024, "II", 24)], year=2024)
    assert result["met"] and result["totals"]["total"] == 25
    assert [a["message"] for a in result["above_bounds"]] == ["Ⅱ类学分超过上限20分的部分（4分）不计入年度总分"]


def test_credits_within_the_bounds_leave_nothing_to_explain():
    result = evaluate(RULES, [credit("a", 2024, "I", 10), credit("b", 2024, "II", 20)], year=2024)
    assert result["totals"]["total"] == 30 and result["above_bounds"] == []


def test_pending_rejected_and_other_years_credits_do_not_count_and_say_why():
    ledger = [credit("a", 2024, "I", 6), credit("b", 2024, "II", 20, status="in_review", awaiting="city"),
              credit("c", 2024, "II", 5, status="rejected", reason="材料不全"), credit("d", 2023, "II", 20)]
    result = evaluate(RULES, ledger, year=2024)
    explained = {c["credit_id"]: c for c in result["credits"]}
    assert set(explained) == {"a", "b", "c"}
    assert explained["a"]["counted"] and not explained["b"]["counted"]
    assert "待地市继教主管部门审核" in explained["b"]["explanation"]
    assert "材料不全" in explained["c"]["explanation"]
    assert codes(result) == {"class_ii", "annual_total"}


def test_the_what_if_shows_what_a_pending_credit_would_change():
    ledger = [credit("a", 2024, "I", 6), credit("b", 2024, "II", 20, status="in_review", awaiting="province")]
    assert not evaluate(RULES, ledger, year=2024)["met"]
    what_if = evaluate(RULES, ledger, year=2024, assume_approved=frozenset({"b"}))
    assert what_if["met"]
    assert "测算" in what_if["credits"][1]["explanation"]


def test_tertiary_hospital_staff_need_ten_national_credits_within_five_years():
    year_ok = [credit("a", 2024, "I", 6), credit("b", 2024, "II", 20)]
    national = [credit("n1", 2020, "I", 4, level="national"), credit("n2", 2022, "I", 4, level="national")]
    result = evaluate(RULES, year_ok + national, year=2024, staff_level="tertiary_hospital")
    assert codes(result) == {"national_window"}
    assert result["totals"]["national_window"] == 8
    enough = national + [credit("n3", 2024, "I", 2, level="national")]
    assert evaluate(RULES, year_ok + enough, year=2024, staff_level="tertiary_hospital")["met"]


def test_national_credits_older_than_five_years_do_not_count_towards_the_window():
    ledger = [credit("a", 2024, "I", 6), credit("b", 2024, "II", 20), credit("n", 2019, "I", 10, level="national")]
    assert codes(evaluate(RULES, ledger, year=2024, staff_level="provincial_unit")) == {"national_window"}


def test_the_five_year_rule_does_not_apply_to_other_staff():
    ledger = [credit("a", 2024, "I", 6), credit("b", 2024, "II", 20)]
    assert evaluate(RULES, ledger, year=2024, staff_level="community")["met"]


def test_a_province_may_set_other_figures_for_a_staff_level():
    sichuan = load_rule_set("sichuan")
    ledger = [credit("a", 2024, "I", 5), credit("b", 2024, "II", 15)]
    assert evaluate(sichuan, ledger, year=2024, staff_level="grassroots")["met"]
    assert codes(evaluate(sichuan, ledger, year=2024)) == {"annual_total"}
