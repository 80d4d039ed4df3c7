"""Queries on the ledger, each scoped to what the account may see (登录查询 / 公共查询)."""

from __future__ import annotations

import math
import random
from typing import Any

from cme_contracts.identifiers import mask_name
from cme_credits.domain import compliance
from cme_credits.domain.errors import credit_not_found
from cme_credits.domain.identity import mask, require_id_number
from cme_credits.domain.review import Status
from cme_credits.domain.rules import load_rule_set
from cme_credits.service_layer.review import review_level
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork, LedgerRow
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden, NotFound


def present(row: LedgerRow, *, masked: bool = True) -> dict:
    """A ledger row as the API shows it; the ID number masked unless the viewer is the person."""
    chain = list(row.chain)
    return {
        "credit_id": row.credit_id, "id_number": mask(row.id_number) if masked else row.id_number,
        "name": row.name, "unit": row.unit, "unit_id": row.unit_id, "jurisdiction": row.jurisdiction,
        "year": row.year, "credit_class": row.credit_class, "level": row.level, "credits": row.credits,
        "hours": row.hours, "source": row.source, "category": row.category, "project_number": row.project_number,
        "project_name": row.project_name, "sponsor": row.sponsor,
        "start_date": row.start_date.isoformat() if row.start_date else None,
        "end_date": row.end_date.isoformat() if row.end_date else None, "evidence_ids": row.evidence_ids,
        "status": row.status, "review_chain": chain,
        "awaiting": chain[row.stage] if row.status == Status.IN_REVIEW else None,
        "last_reason": row.last_reason, "audit_sampled": row.audit_sampled,
        "attendance_flags": (row.details or {}).get("flags", []),
        "verified_credential": bool((row.details or {}).get("credential")),  # 已验证电子证书
    }


async def list_credits(uow: CreditsUnitOfWork, principal: Principal, *, id_number: str | None = None,
                       year: int | None = None, status: str | None = None) -> list[dict]:
    """Credits within the account's scope, filtered."""
    id_number = require_id_number(id_number) if id_number else None
    async with uow:
        rows = await uow.credits.listed(scope=principal, id_number=id_number, year=year, status=status)
    return [present(r, masked=principal.role is not Role.LEARNER) for r in rows]


async def credit_detail(uow: CreditsUnitOfWork, principal: Principal, credit_id: str) -> dict:
    """One credit with its full review history (审核记录)."""
    async with uow:
        row = await uow.credits.get(credit_id, scope=principal)
        if row is None:
            raise credit_not_found(credit_id)
        history = await uow.credits.history(credit_id)
    return present(row, masked=principal.role is not Role.LEARNER) | {"history": [
        {"action": h.action, "level": h.level, "reason": h.reason, "actor": h.actor, "at": h.at.isoformat()}
        for h in history]}


async def person_compliance(uow: CreditsUnitOfWork, principal: Principal, id_number: str, *, year: int,
                            staff_level: str | None, jurisdiction: str | None,
                            what_if: frozenset[str] = frozenset()) -> dict:
    """个人学分达标情况 for a year; with `what_if`, assuming those pending credits approved (测算),
    and beside it the standing without them."""
    id_number = require_id_number(id_number)
    if principal.role is Role.LEARNER and principal.id_number != id_number:
        raise Forbidden("query.not_own", "学员只能查询本人的学分")
    async with uow:
        rows = await uow.credits.of_person(id_number, scope=principal)
    jurisdiction = jurisdiction or principal.jurisdiction or (rows[0].jurisdiction if rows else None)
    if not jurisdiction:
        raise NotFound("compliance.no_credits", "没有该人员的学分记录", id_number=mask(id_number))
    rules, ledger = load_rule_set(jurisdiction), [_ledger(r) for r in rows]
    result = compliance.evaluate(rules, ledger, year=year, staff_level=staff_level, assume_approved=what_if)
    answer = {"id_number": mask(id_number), **result}
    if what_if:
        current = compliance.evaluate(rules, ledger, year=year, staff_level=staff_level)
        answer["without_what_if"] = {"met": current["met"], "totals": current["totals"],
                                     "missing": current["missing"]}
    return answer


async def unit_statistics(uow: CreditsUnitOfWork, principal: Principal, *, year: int | None) -> dict:
    """A unit's view: credits by status and class, and how many people hold them."""
    async with uow:
        rows = await uow.credits.statistics(scope=principal, year=year)
        statistics: dict[str, Any] = {"year": year, "by_status": [
            {"status": s, "credit_class": c, "count": n, "credits": round(total or 0, 1), "people": people}
            for s, c, n, total, people in rows]}
        if year:
            statistics["compliance"] = await _compliance_rate(uow, principal, year)
    return statistics


async def _compliance_rate(uow: CreditsUnitOfWork, principal: Principal, year: int) -> dict:
    """达标率: of the people with credits in scope this year, how many meet their requirement."""
    people = await _people_compliance(uow, principal, year=year)
    met = sum(person["met"] for person in people)
    return {"people": len(people), "met": met, "rate": round(met / len(people), 3) if people else None}


async def people_compliance(uow: CreditsUnitOfWork, principal: Principal, *, year: int,
                            unit_id: str | None = None) -> list[dict]:
    """达标情况 by person: everyone with a credit in scope this year (of one unit, if given), their
    totals against the requirement of their rule set, met or not, and what is missing."""
    async with uow:
        return await _people_compliance(uow, principal, year=year, unit_id=unit_id)


async def _people_compliance(uow: CreditsUnitOfWork, principal: Principal, *, year: int,
                             unit_id: str | None = None) -> list[dict]:
    by_person = await uow.credits.of_people(scope=principal, year=year, unit_id=unit_id)
    people = []
    for id_number, own in by_person.items():
        # Name and unit as the person's latest credit of the year gives them.
        latest = [r for r in own if r.year == year][-1]
        result = compliance.evaluate(load_rule_set(own[0].jurisdiction), [_ledger(r) for r in own], year=year,
                                     staff_level=None)
        people.append({"id_number": mask(id_number), "name": latest.name, "unit": latest.unit,
                       "unit_id": latest.unit_id, "jurisdiction": result["jurisdiction"], "year": year,
                       "met": result["met"], "totals": result["totals"], "requirements": result["requirements"],
                       "missing": result["missing"]})
    return sorted(people, key=lambda p: (p["unit"] or "", p["name"], p["id_number"]))


def _ledger(row: LedgerRow) -> compliance.LedgerCredit:
    return compliance.LedgerCredit(
        credit_id=row.credit_id, year=row.year, credit_class=row.credit_class, level=row.level,
        credits=row.credits, status=row.status, project_name=row.project_name, reason=row.last_reason,
        awaiting=list(row.chain)[row.stage] if row.status == Status.IN_REVIEW else None)


async def review_queue(uow: CreditsUnitOfWork, principal: Principal) -> list[dict]:
    """Credits waiting for this account's review level, within its scope (待审核)."""
    level = review_level(principal)
    async with uow:
        rows = await uow.credits.awaiting(level, scope=principal)
    return [present(r) for r in rows]


async def public_query(uow: CreditsUnitOfWork, id_number: str) -> dict:
    """公共查询: a person's approved credits by ID number, identity masked."""
    id_number = require_id_number(id_number)
    async with uow:
        rows = await uow.credits.approved_of(id_number)
    return {"id_number": mask(id_number), "credits": [
        {"year": r.year, "name": mask_name(r.name), "project_number": r.project_number,
         "project_name": r.project_name, "credit_class": r.credit_class, "level": r.level, "credits": r.credits,
         "jurisdiction": r.jurisdiction} for r in rows]}


async def draw_audit_sample(uow: CreditsUnitOfWork, principal: Principal, *, year: int, percentage: float,
                            seed: int | None = None) -> dict:
    """抽查: draw a share of the year's approved self-entered credits for a second look."""
    if principal.role is not Role.PROVINCIAL_OFFICE:
        raise Forbidden("audit.provincial_only", "只有省继教办可以抽查学分")
    async with uow:
        population = await uow.credits.approved_self_entries(scope=principal, year=year)
        size = math.ceil(len(population) * percentage / 100)
        # A seed makes a draw reproducible for the record; without one the draw is unpredictable.
        draw = random.Random(seed) if seed is not None else random.SystemRandom()
        drawn = draw.sample(population, size)
        if drawn:
            await uow.credits.mark_sampled(drawn)
            for credit_id in drawn:
                await uow.credits.add_history(credit_id, "sampled", actor=principal.account_id, level="province")
            await uow.audit("credit.audit_sample", subject=f"{principal.jurisdiction}:{year}",
                            actor=principal.account_id,
                            details={"percentage": percentage, "population": len(population), "drawn": drawn})
        await uow.commit()
    return {"year": year, "percentage": percentage, "population": len(population), "drawn": sorted(drawn)}
