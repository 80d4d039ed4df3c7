"""Self-entered credits (自行录入 / 单位录入) and the seeds' rules for them.

Zhejiang's out-of-province learning (赴外省学习, seed 000) and Chengdu's categories (seed 001).
The service layer looks up the facts (remote-filing list, project registry mirror, stored
evidence) and this module decides, so every rule is testable without I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cme_credits.domain.arithmetic import credits_for_hours
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.identity import is_national_number
from cme_credits.domain.rules import Category, RuleSet


@dataclass(frozen=True)
class Entry:
    """One credit as a learner or unit enters it (录入学分信息)."""

    category: str
    id_number: str
    name: str
    project_name: str
    credits: float
    project_number: str | None = None
    sponsor: str | None = None  # 发证机构 = 项目申办单位
    level: str | None = None
    credit_class: str | None = None
    hours: float | None = None
    start_date: date | None = None
    end_date: date | None = None
    year: int | None = None
    tcm: bool = False  # 中医药项目
    platform: str | None = None  # 远程学习平台
    evidence_ids: tuple[str, ...] = ()
    training_year: int | None = None  # 规培: which year of the programme
    program_years: int | None = None
    final_assessment_passed: bool = False
    certificate_date: date | None = None  # 进修合格证获得日期
    credential: str | None = None  # 已验证电子证书: the verified credential's id stands for the evidence


@dataclass(frozen=True)
class StoredFile:
    """What the evidence service told us about a file (EvidenceStored)."""

    content_type: str
    owner_id: str


@dataclass(frozen=True)
class RemoteFiling:
    """The project is on the remote-filing list (异地备案名单) of the learner's own province."""

    province: str
    co_organizer: str | None  # 省内协办（承办）单位: who enters the credits in the province


@dataclass(frozen=True)
class Facts:
    """What the service layer looked up for an entry."""

    entered_by: str
    remote_filing: RemoteFiling | None = None
    on_record: bool = False
    evidence: dict[str, StoredFile] = field(default_factory=dict)
    residency_entered_this_year: bool = False
    # A live credit of this person for the same project number, or, without a number, for the
    # same activity (name, dates or year, credits and hours).
    already_held: bool = False


@dataclass(frozen=True)
class Assessed:
    """The credit the rules make of an entry."""

    level: str
    credit_class: str
    year: int
    credits: float


def assess(rules: RuleSet, entry: Entry, facts: Facts) -> Assessed:
    """Apply every rule of the jurisdiction to an entry; refuse with the first rule broken."""
    category = rules.category(entry.category)
    _refuse_automatic_sources(rules, entry)
    if entry.credential is None:
        _check_evidence(category, entry, facts)
    level, credit_class = _level_and_class(rules, category, entry)
    _refuse_remote_filed(entry, facts.remote_filing)
    if category.requires_project_on_record and not facts.on_record:
        raise CreditRefused("self_entry.project_not_on_record", "该项目未在项目库中备案，不能录入学分",
                            project_number=entry.project_number)
    _check_credits(rules, category, entry)
    _check_residency(category, entry, facts)
    _refuse_duplicate(entry, facts)  # last: a more specific rule (规培 once a year) names the reason better
    return Assessed(level=level, credit_class=credit_class, year=_year(category, entry), credits=entry.credits)


def _refuse_automatic_sources(rules: RuleSet, entry: Entry) -> None:
    # The platform may be written as its company's full name, its short name, both, or given as
    # the sponsor (主办单位): each names the same platform whose credits arrive by themselves.
    platform = rules.integrated_platform(entry.platform, entry.sponsor)
    if platform:
        raise CreditRefused("self_entry.integrated_platform",
                            f"{platform.name}已与{rules.name}继教平台数据对接，学习获得的学分自动导入，无须手动录入"
                            "（如系统未显示该学分，请联系该平台客服）", platform=platform.name)
    if entry.tcm and not rules.tcm_handled:
        raise CreditRefused("self_entry.tcm_not_handled", f"中医药项目学分暂不在{rules.name}系统审核",
                            jurisdiction=rules.id)


def _refuse_remote_filed(entry: Entry, filing: RemoteFiling | None) -> None:
    if filing is None:
        return
    who = f"省内协办单位{filing.co_organizer}" if filing.co_organizer else "省内承办（协办）单位"
    raise CreditRefused("self_entry.remote_filed",
                        f"该项目已在{filing.province}异地备案，学分由{who}录入，无须自行录入；"
                        f"如在系统中查不到该学分，请与{who}联系", project_number=entry.project_number,
                        co_organizer=filing.co_organizer)


def _refuse_duplicate(entry: Entry, facts: Facts) -> None:
    if not facts.already_held:
        return
    if entry.project_number:
        raise CreditRefused("self_entry.duplicate", "该项目的学分已在系统中（已录入、审核中或已授予），不能重复录入",
                            project_number=entry.project_number)
    raise CreditRefused("self_entry.duplicate", "同一活动（名称、日期或年度、学分、学时均相同）的学分已在系统中，"
                        "不能重复录入", project_name=entry.project_name)


def _check_evidence(category: Category, entry: Entry, facts: Facts) -> None:
    if len(entry.evidence_ids) != category.evidence_count:
        single = "所有证明材料须扫描成一个文件上传" if category.evidence_count == 1 else ""
        raise CreditRefused("self_entry.evidence_count",
                            f"证明材料须为{category.evidence_count}个文件，实际{len(entry.evidence_ids)}个。{single}",
                            expected=category.evidence_count, got=len(entry.evidence_ids))
    for evidence_id in entry.evidence_ids:
        stored = facts.evidence.get(evidence_id)
        if stored is None:
            raise CreditRefused(
                "self_entry.evidence_unknown", "证明材料尚未上传成功，请先上传文件", evidence_id=evidence_id
            )
        if stored.owner_id != facts.entered_by:
            raise CreditRefused("self_entry.evidence_not_yours", "证明材料不是本账号上传的", evidence_id=evidence_id)
        if stored.content_type not in category.evidence_types:
            raise CreditRefused("self_entry.evidence_type", "证明材料格式不符合要求（赴外省学习须为一个PDF文件）",
                                evidence_id=evidence_id, content_type=stored.content_type,
                                allowed=list(category.evidence_types))


def _level_and_class(rules: RuleSet, category: Category, entry: Entry) -> tuple[str, str]:
    if entry.level == "national" and not is_national_number(entry.project_number or ""):
        raise CreditRefused(
            "self_entry.number_missing_national_mark",
            "国家级项目的活动编号须严格按学分证填写，不要省略（国）",
            project_number=entry.project_number,
        )
    if not category.allowed_levels:
        level, credit_class = category.level or entry.level, category.credit_class or entry.credit_class
        if not level or not credit_class:
            raise CreditRefused("self_entry.level_required", "请填写学分级别和学分类别")
        return level, credit_class
    derived = _derived_level(rules, entry)
    if derived not in category.allowed_levels:
        raise CreditRefused("self_entry.level_not_allowed",
                            "外省项目只认国家级Ⅰ类学分（编号带（国））"
                            + ("或六家国家级学（协）会会级Ⅰ类学分" if "society" in category.allowed_levels else ""),
                            project_number=entry.project_number, sponsor=entry.sponsor)
    if entry.level and entry.level != derived:
        hint = "项目编号中有（国）的项目请选择赴外省国家级项目" if derived == "national" else \
            "六家学（协）会会级Ⅰ类学分请选择赴外省省级（国家一级学会）"
        raise CreditRefused("self_entry.level_mismatch", hint, declared=entry.level, derived=derived)
    if entry.credit_class and entry.credit_class != "I":
        raise CreditRefused("self_entry.class_not_allowed", "外省项目只认Ⅰ类学分", credit_class=entry.credit_class)
    return derived, "I"


def _derived_level(rules: RuleSet, entry: Entry) -> str | None:
    """Level from the number and sponsor: （国） → national; a six-society class I → society."""
    if is_national_number(entry.project_number or ""):
        return "national"
    sponsor = entry.sponsor or ""
    if entry.credit_class in (None, "I") and any(sponsor.startswith(s) for s in rules.arithmetic.national_societies):
        return "society"
    return None


def _check_credits(rules: RuleSet, category: Category, entry: Entry) -> None:
    if entry.credits <= 0 or entry.credits > rules.arithmetic.max_credits_per_project:
        raise CreditRefused("self_entry.credits_out_of_range",
                            f"学分须大于0且单个项目不超过{rules.arithmetic.max_credits_per_project:g}分",
                            credits=entry.credits)
    if entry.start_date and entry.end_date and entry.start_date > entry.end_date:
        raise CreditRefused("self_entry.dates_reversed", "活动开始日期晚于结束日期")
    if category.hours_per_credit:
        expected = credits_for_hours(entry.hours or 0, category.hours_per_credit)
        if abs(expected - entry.credits) > 1e-9:
            raise CreditRefused(
                "self_entry.hours_mismatch",
                f"1学分对应{category.hours_per_credit:g}学时：{entry.hours or 0:g}学时应为{expected:g}学分",
                hours=entry.hours,
                credits=entry.credits,
                expected=expected,
            )


def _check_residency(category: Category, entry: Entry, facts: Facts) -> None:
    if not category.once_per_year:
        return
    if facts.residency_entered_this_year:
        raise CreditRefused("self_entry.residency_once_per_year", "规培每年只能以一次年度考核成绩授分")
    if not entry.training_year or not entry.program_years or entry.training_year > entry.program_years:
        raise CreditRefused("self_entry.residency_year_required", "请填写规培年限和当前所在年度")
    if entry.training_year == entry.program_years and not entry.final_assessment_passed:
        raise CreditRefused("self_entry.residency_final_required", "规培最后一年须以结业考核合格作为授分凭证")


def _year(category: Category, entry: Entry) -> int:
    if category.year_from_certificate:
        if entry.certificate_date is None:
            raise CreditRefused("self_entry.certificate_date_required", "进修学分须填写进修合格证获得日期")
        return entry.certificate_date.year  # 跨年进修以合格证获得时间为准
    year = entry.year or (entry.end_date or entry.start_date or date.min).year
    if year == date.min.year:
        raise CreditRefused("self_entry.year_required", "请填写学分年度或活动日期")
    return year
