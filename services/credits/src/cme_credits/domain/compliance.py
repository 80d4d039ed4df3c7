"""Yearly compliance (个人学分达标情况): met, or exactly what is missing, and why each credit counted.

National rule (2006): at least 25 credits a year, of which class I 5–10 and class II 15–20,
one class never standing in for the other; staff of provincial-level units and tertiary
hospitals also need 10 national credits within 5 years. The figures come from the rule set.

The upper bounds (10, 20) say how the 25 are made up, so credits of a class above its bound do
not count toward the annual total (20 class I and 10 class II are 20 credits that count, not
30). With the national figures a person who meets both minimums always reaches 25 counting
only up to the bounds (10 + 15 = 5 + 20 = 25); what the bounds change is the counted total and
its explanation, which say the excess does not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_credits.domain.review import LEVEL_NAMES, Status
from cme_credits.domain.rules import RuleSet

CLASS_NAMES = {"I": "Ⅰ类", "II": "Ⅱ类"}


@dataclass(frozen=True)
class LedgerCredit:
    """A credit as compliance sees it."""

    credit_id: str
    year: int
    credit_class: str
    level: str
    credits: float
    status: str
    project_name: str
    awaiting: str | None = None
    reason: str | None = None  # the last rejection's reason


def evaluate(rules: RuleSet, credits: list[LedgerCredit], *, year: int, staff_level: str | None = None,
             assume_approved: frozenset[str] = frozenset()) -> dict:
    """A person's compliance for a year; `assume_approved` is the what-if (测算) for pending credits."""
    need = rules.requirements_for(staff_level)
    window_start = year - need.national_window_years + 1
    window_applies = staff_level in need.national_window_staff_levels
    explained, totals = [], {"total": 0.0, "class_i": 0.0, "class_ii": 0.0, "national_window": 0.0}
    for credit in sorted(credits, key=lambda c: (c.year, c.credit_id)):
        in_year, in_window = credit.year == year, window_applies and window_start <= credit.year <= year
        if not (in_year or (in_window and credit.level == "national")):
            continue
        counts, why = _explain(credit, year, assume_approved)
        if counts and in_year:
            totals["class_i" if credit.credit_class == "I" else "class_ii"] += credit.credits
        if counts and in_window and credit.level == "national":
            totals["national_window"] += credit.credits
        explained.append({"credit_id": credit.credit_id, "year": credit.year, "project_name": credit.project_name,
                          "credit_class": credit.credit_class, "level": credit.level, "credits": credit.credits,
                          "status": credit.status, "counted": counts, "explanation": why})
    totals["total"] = _up_to(totals["class_i"], need.class_i_max) + _up_to(totals["class_ii"], need.class_ii_max)
    missing = _missing(need, totals, window_applies, year, window_start)
    return {
        "year": year, "jurisdiction": rules.id, "staff_level": staff_level, "met": not missing,
        "totals": {k: round(v, 1) for k, v in totals.items()},
        "requirements": {"annual_total": need.annual_total, "class_i_min": need.class_i_min,
                         "class_i_max": need.class_i_max, "class_ii_min": need.class_ii_min,
                         "class_ii_max": need.class_ii_max,
                         "national_window": {"years": need.national_window_years,
                                             "credits": need.national_window_credits} if window_applies else None},
        "missing": missing, "above_bounds": _above_bounds(need, totals), "credits": explained,
    }


def _up_to(credits: float, bound: float | None) -> float:
    return credits if bound is None else min(credits, bound)


def _above_bounds(need, totals: dict) -> list[dict]:
    """Each class's credits above its upper bound, which the annual total leaves out, and why."""
    above = []
    for code, credit_class, bound in (("class_i", "I", need.class_i_max), ("class_ii", "II", need.class_ii_max)):
        excess = round(totals[code] - bound, 1) if bound is not None else 0
        if excess > 0:
            name = CLASS_NAMES[credit_class]
            above.append({"code": f"{code}_max", "bound": bound, "have": round(totals[code], 1), "excess": excess,
                          "message": f"{name}学分超过上限{bound:g}分的部分（{excess:g}分）不计入年度总分"})
    return above


def _explain(credit: LedgerCredit, year: int, assume_approved: frozenset[str]) -> tuple[bool, str]:
    kind = f"{credit.year}年度{CLASS_NAMES.get(credit.credit_class, credit.credit_class)}学分"
    if credit.status == Status.APPROVED:
        where = "" if credit.year == year else "（计入近年国家级学分）"
        return True, f"已审核通过，计入{kind}{where}"
    if credit.credit_id in assume_approved and credit.status in (Status.IN_REVIEW, Status.DRAFT):
        return True, f"测算：假设审核通过，计入{kind}"
    reasons = {
        Status.DRAFT: "未上报，不计入",
        Status.IN_REVIEW: f"审核中（待{LEVEL_NAMES.get(credit.awaiting or '', credit.awaiting)}审核），"
                          "终审通过后才计入",
        Status.REJECTED: f"审核不通过（{credit.reason or '未说明理由'}），不计入",
        Status.REVOKED: f"已撤销（{credit.reason or '未说明理由'}），不计入",
    }
    return False, reasons.get(Status(credit.status), "不计入")


def _missing(need, totals: dict, window_applies: bool, year: int, window_start: int) -> list[dict]:
    gaps = []

    def short(code: str, have: float, needed: float, message: str) -> None:
        if have + 1e-9 < needed:
            gaps.append({"code": code, "needed": needed, "have": round(have, 1),
                         "short_by": round(needed - have, 1), "message": message.format(short=round(needed - have, 1))})

    short(
        "class_i",
        totals["class_i"],
        need.class_i_min,
        f"{year}年度Ⅰ类学分至少{need.class_i_min:g}分，还差{{short:g}}分（Ⅱ类不能替代）",
    )
    short("class_ii", totals["class_ii"], need.class_ii_min,
          f"{year}年度Ⅱ类学分至少{need.class_ii_min:g}分，还差{{short:g}}分（Ⅰ类不能替代）")
    short(
        "annual_total",
        totals["total"],
        need.annual_total,
        f"{year}年度学分至少{need.annual_total:g}分，还差{{short:g}}分",
    )
    if window_applies:
        short("national_window", totals["national_window"], need.national_window_credits,
              f"{window_start}—{year}年须获得国家级项目学分{need.national_window_credits:g}分，还差{{short:g}}分")
    return gaps
