"""Entering credits by hand (录入学分): learners their own, units one activity for many people.

Nothing moves until it is submitted (上报): an entry is a draft. A rejected entry is entered
again or corrected (修改器); a correction that changes the evidence needs a new entry.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, replace
from datetime import date

from cme_contracts.jurisdictions import registry
from cme_credits.domain import review as chain
from cme_credits.domain.enterers import check_own_identity, check_own_unit, check_registered
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.identity import require_id_number
from cme_credits.domain.review import Status
from cme_credits.domain.rules import RuleSet, load_rule_set
from cme_credits.domain.self_entry import Entry, Facts, RemoteFiling, assess
from cme_credits.service_layer.bulk import state_of
from cme_credits.service_layer.outcomes import publish_entered
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork, LedgerRow
from cme_platform.auth import Principal, Role
from cme_platform.errors import DomainError, Forbidden

SPECIAL_CATEGORIES = {"counterpart_support", "residency", "further_study"}  # 对口支援, 规培, 进修
_DETAIL_FIELDS = ("tcm", "platform", "training_year", "program_years", "final_assessment_passed", "certificate_date",
                  "credential")


async def enter(uow: CreditsUnitOfWork, principal: Principal, entry: Entry, *, jurisdiction: str | None,
                unit: str | None = None, unit_id: str | None = None, city_id: str | None = None) -> dict:
    """Record one entry as a draft after every rule of the jurisdiction passed."""
    async with uow:
        # One person's entries in turn: the same entry sent twice at once (a double tap, a retry)
        # would otherwise pass both duplicate checks before either row is written.
        await uow.credits.lock_person(require_id_number(entry.id_number))
        saved = await _enter(uow, principal, entry, jurisdiction=jurisdiction, unit=unit, unit_id=unit_id,
                             city_id=city_id)
        await uow.commit()
    return saved


async def enter_many(uow: CreditsUnitOfWork, principal: Principal, activity: Entry, people: list[dict], *,
                     jurisdiction: str | None) -> list[dict]:
    """单位统一录入: one activity for many people; each person accepted or refused with the reason."""
    if principal.role is not Role.UNIT_ADMIN:
        raise Forbidden("self_entry.bulk_unit_only", "只有单位科教科可以统一录入多人学分")
    report = []
    async with uow:
        for person in people:
            entry = replace(activity, id_number=person["id_number"], name=person["name"],
                            evidence_ids=tuple(person.get("evidence_ids", ())))
            try:
                saved = await _enter(uow, principal, entry, jurisdiction=jurisdiction, unit=person.get("unit"))
                report.append({"id_number": entry.id_number, "ok": True, **saved})
            except DomainError as error:
                report.append({"id_number": person["id_number"], "ok": False, **error.to_dict()["error"]})
        await uow.commit()
    return report


async def _enter(uow: CreditsUnitOfWork, principal: Principal, entry: Entry, *, jurisdiction: str | None,
                 unit: str | None = None, unit_id: str | None = None, city_id: str | None = None) -> dict:
    if principal.role not in (Role.LEARNER, Role.UNIT_ADMIN):
        raise Forbidden("self_entry.not_allowed", "只有学员本人或单位科教科可以录入学分")
    entry = replace(entry, id_number=require_id_number(entry.id_number))
    check_own_unit(unit_id, own_unit_id=principal.unit_id)
    if principal.role is Role.LEARNER:
        check_own_identity(entry, id_number=principal.id_number, name=principal.name or None)
    else:
        check_registered(entry.id_number, entry.name, registered_name=await uow.members.registered_name(
            principal.unit_id, entry.id_number))
    jurisdiction = principal.jurisdiction or jurisdiction
    if not jurisdiction:
        raise CreditRefused("self_entry.jurisdiction_required", "请指明学分所属地区（省/市）")
    rules = load_rule_set(jurisdiction)
    if entry.credential and await uow.credits.holds_credential(entry.id_number, entry.credential):
        raise CreditRefused("credential.already_entered", "该电子证书已录入过（已录入、审核中或已授予），不能重复录入",
                            credential=entry.credential)
    assessed = assess(rules, entry, await _facts(uow, principal, rules, entry))
    credit_id = str(uuid.uuid4())
    values = {
        "credit_id": credit_id, "id_number": entry.id_number, "name": entry.name, "unit": unit,
        "unit_id": principal.unit_id or unit_id, "city_id": principal.city_id or city_id,
        "jurisdiction": rules.id, "year": assessed.year, "credit_class": assessed.credit_class,
        "level": assessed.level, "credits": assessed.credits, "hours": entry.hours,
        "source": "special" if entry.category in SPECIAL_CATEGORIES else "self_entry", "category": entry.category,
        "project_number": entry.project_number, "project_name": entry.project_name, "sponsor": entry.sponsor,
        "start_date": entry.start_date, "end_date": entry.end_date, "evidence_ids": list(entry.evidence_ids),
        "details": _details(entry), "status": Status.DRAFT.value, "stage": 0,
        "chain": list(rules.chain_for("self_entry")), "entered_by": principal.account_id,
    }
    await uow.credits.add(values, actor=principal.account_id)
    await publish_entered(uow, values)
    return {"credit_id": credit_id, "status": Status.DRAFT.value, "level": assessed.level,
            "credit_class": assessed.credit_class, "year": assessed.year, "credits": assessed.credits}


async def correct(uow: CreditsUnitOfWork, principal: Principal, credit_id: str, changes: dict) -> dict:
    """修改器: correct a draft or rejected entry; changing its evidence needs a new entry."""
    async with uow:
        row = await uow.credits.get_for_update(credit_id, scope=principal)
        if row.source not in ("self_entry", "special") or principal.role not in (Role.LEARNER, Role.UNIT_ADMIN):
            raise Forbidden("correction.not_allowed", "只有录入人可以修改自行录入的学分")
        state = chain.reopen(state_of(row))
        if (row.details or {}).get("credential"):
            raise CreditRefused("correction.verified_credential",
                                "凭电子证书录入的学分内容以证书为准，不能修改；证书有误请联系签发方")
        if "evidence_ids" in changes and list(changes["evidence_ids"]) != list(row.evidence_ids):
            raise CreditRefused("correction.evidence_changed",
                                "更改或添加证明材料（图片、附件）须重新录入，不能通过修改器修改")
        entry = replace(entry_of(row), **{k: v for k, v in changes.items() if k != "evidence_ids"})
        if principal.role is Role.LEARNER:
            check_own_identity(entry, id_number=principal.id_number, name=principal.name or None)
        rules = load_rule_set(row.jurisdiction)
        assessed = assess(rules, entry, await _facts(uow, principal, rules, entry, ignore=credit_id))
        await uow.credits.save_state(
            credit_id, state, name=entry.name, project_name=entry.project_name, project_number=entry.project_number,
            sponsor=entry.sponsor, credits=assessed.credits, hours=entry.hours, level=assessed.level,
            credit_class=assessed.credit_class, year=assessed.year, start_date=entry.start_date,
            end_date=entry.end_date, details=_details(entry),
        )
        await uow.credits.add_history(credit_id, "corrected", actor=principal.account_id)
        await uow.commit()
    return {"credit_id": credit_id, "status": state.status.value, "credits": assessed.credits}


def entry_of(row: LedgerRow) -> Entry:
    """The entry a ledger row was made from."""
    details = row.details or {}
    certificate_date = details.get("certificate_date")
    return Entry(
        category=row.category, id_number=row.id_number, name=row.name, project_name=row.project_name,
        credits=row.credits, project_number=row.project_number, sponsor=row.sponsor, level=row.level,
        credit_class=row.credit_class, hours=row.hours, start_date=row.start_date, end_date=row.end_date,
        year=row.year, evidence_ids=tuple(row.evidence_ids), tcm=details.get("tcm", False),
        platform=details.get("platform"), training_year=details.get("training_year"),
        program_years=details.get("program_years"),
        final_assessment_passed=details.get("final_assessment_passed", False),
        certificate_date=date.fromisoformat(certificate_date) if certificate_date else None,
        credential=details.get("credential"),
    )


def _details(entry: Entry) -> dict:
    values = asdict(entry)
    details = {key: values[key] for key in _DETAIL_FIELDS if values[key] not in (None, False)}
    if entry.certificate_date:
        details["certificate_date"] = entry.certificate_date.isoformat()
    return details


async def _facts(uow: CreditsUnitOfWork, principal: Principal, rules: RuleSet, entry: Entry,
                 ignore: str | None = None) -> Facts:
    on_record, filings = await uow.projects.facts(entry.project_number)
    year = entry.year or (entry.end_date or entry.start_date or date.min).year
    residency = entry.category == "residency" and await uow.credits.has_category_in_year(
        entry.id_number, "residency", year, ignore=ignore)
    if entry.project_number:
        held = await uow.credits.holds_project(entry.id_number, entry.project_number, ignore)
    else:
        held = await uow.credits.holds_activity(entry.id_number, entry, ignore)
    return Facts(entered_by=principal.account_id, remote_filing=_own_provinces_filing(rules, filings),
                 on_record=on_record, evidence=await uow.evidence.stored_files(list(entry.evidence_ids)),
                 residency_entered_this_year=residency, already_held=held)


def _own_provinces_filing(rules: RuleSet, filings: list[LedgerRow]) -> RemoteFiling | None:
    """The filing on the list of the province the entry's jurisdiction lies in, if any.

    A remote-filing list is the filing province's own: its credits come through that province's
    system, so a learner of another province still enters the project as out-of-province learning.
    """
    if registry().get(rules.id).level == "national":
        return None  # no province: no province's list applies
    province = registry().province_of(rules.id)
    return next((RemoteFiling(province=province.name, co_organizer=f.co_organizer) for f in filings
                 if registry().within(f.jurisdiction, province.id)), None)

