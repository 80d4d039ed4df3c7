"""Remote-education credits (远程教育学分): template uploads and pushes from integrated platforms.

An institution's records grant credits directly (seed 004: 上传至省继教管理平台，完成学分授予).
Each row is accepted, a duplicate (already granted: same institution, project and person),
or refused with the reason; re-uploading the same file grants nothing twice.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime

from cme_credits.adapters.spreadsheets import read_rows, template_table
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.identity import is_national_number, normalize_number, require_id_number
from cme_credits.domain.rules import RuleSet, load_rule_set
from cme_credits.service_layer.outcomes import publish_approved
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork
from cme_platform.auth import Principal, Role
from cme_platform.errors import DomainError, Forbidden
from cme_platform.web.inputs import read_written_date

# 学分级别 as institutions write it, in Chinese or as the API's words.
LEVELS = {"国家级": "national", "省级": "provincial", "学会": "society", "区级": "district",
          **{level: level for level in ("national", "provincial", "society", "district")}}
_ROMAN = str.maketrans({"Ⅰ": "I", "Ⅱ": "II"})


def template() -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The template institutions fill: its columns in Chinese and one example row."""
    return template_table()


async def import_file(uow: CreditsUnitOfWork, principal: Principal, filename: str, content: bytes) -> dict:
    """Import an uploaded template; returns the row-level report (also kept with the batch)."""
    records = read_rows(filename, content)
    async with uow:
        report = await _import_records(uow, principal, records)
        batch_id = str(uuid.uuid4())
        await uow.import_batches.add(batch_id, institution=principal.account_id,
                                     sha256=hashlib.sha256(content).hexdigest(), filename=filename, report=report)
        await uow.commit()
    return {"batch_id": batch_id, "filename": filename, **report}


async def import_records(uow: CreditsUnitOfWork, principal: Principal, records: list[dict]) -> dict:
    """Grant each record's credit unless it is a duplicate or breaks a rule."""
    async with uow:
        report = await _import_records(uow, principal, records)
        await uow.commit()
    return report


async def _import_records(uow: CreditsUnitOfWork, principal: Principal, records: list[dict]) -> dict:
    if principal.role is not Role.REMOTE_EDUCATION:
        raise Forbidden("import.institutions_only", "只有远程教育机构账号可以上传学分数据")
    if not principal.jurisdiction:
        raise Forbidden("import.no_jurisdiction", "机构账号未绑定省份，不能导入学分")
    rules = load_rule_set(principal.jurisdiction)
    rows = []
    for number, record in enumerate(records, start=2):  # row 1 is the header
        try:
            outcome = await _import_one(uow, principal, rules, record)
            rows.append({"row": number, "outcome": outcome, "id_number": record.get("id_number")})
        except DomainError as error:
            rows.append({"row": number, "outcome": "refused", "id_number": record.get("id_number"),
                         **error.to_dict()["error"]})
    counts = {k: sum(r["outcome"] == k for r in rows) for k in ("accepted", "duplicate", "refused")}
    return {"counts": counts, "rows": rows}


async def _import_one(uow: CreditsUnitOfWork, principal: Principal, rules: RuleSet, record: dict) -> str:
    values = _credit_values(principal, rules, record)
    if not await uow.credits.add(values, actor=principal.account_id, action="imported"):
        return "duplicate"
    # The row as stored (defaults filled in), for the event; the caller's scope plays no part in reading it back.
    row = await uow.credits.get_for_update(values["credit_id"], scope=None)
    await publish_approved(uow, row, approved_by=principal.account_id)
    return "accepted"


def _credit_values(principal: Principal, rules: RuleSet, record: dict) -> dict:
    id_number = require_id_number(str(record.get("id_number") or ""))
    name, project_name = _text(record, "name", "姓名"), _text(record, "project_name", "项目名称")
    credit_class = str(record.get("credit_class") or "").strip().upper().translate(_ROMAN).removesuffix("类")
    if credit_class not in ("I", "II"):
        raise CreditRefused("import.bad_class", "学分类别须为 I 或 II", value=record.get("credit_class"))
    credits = _number(record.get("credits"), "学分")
    if not 0 < credits <= rules.arithmetic.max_credits_per_project:
        raise CreditRefused("import.credits_out_of_range", "学分须大于0且不超过25分", value=credits)
    number = str(record.get("project_number") or "").strip() or None
    written = str(record.get("level") or "").strip()
    level = LEVELS.get(written) if written else ("national" if is_national_number(number or "") else "provincial")
    if level is None:
        raise CreditRefused("import.bad_level", "学分级别须为 国家级、省级、学会 或 区级", value=written)
    start, end = _date(record.get("start_date")), _date(record.get("end_date"))
    year = int(record.get("year") or (end or start or date.min).year)
    if year == date.min.year:
        raise CreditRefused("import.year_required", "须填写年度或活动日期")
    key = record.get("record_id") or f"{normalize_number(number or project_name)}:{year}"
    return {
        "credit_id": str(uuid.uuid4()), "id_number": id_number, "name": name, "unit": record.get("unit"),
        "unit_id": record.get("unit_id"), "city_id": record.get("city_id"), "jurisdiction": rules.id, "year": year,
        "credit_class": credit_class, "level": level,
        "credits": credits,
        "hours": None if record.get("hours") in (None, "") else _number(record.get("hours"), "学时"),
        "source": "remote_education", "category": "remote_education", "project_number": number,
        "project_name": project_name, "start_date": start, "end_date": end, "status": "approved", "stage": 0,
        "chain": [], "entered_by": principal.account_id,
        "origin_key": f"remote:{principal.account_id}:{key}:{id_number}",
    }


def _text(record: dict, field: str, label: str) -> str:
    value = str(record.get(field) or "").strip()
    if not value:
        raise CreditRefused("import.missing_value", f"{label}不能为空", field=field)
    return value


def _number(value, label: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise CreditRefused("import.bad_number", f"{label}须为数字", value=str(value)) from None


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(read_written_date(str(value))))
    except ValueError:
        raise CreditRefused("import.bad_date", "日期格式须如 2026-03-01 或 2026年3月1日", value=str(value)) from None
