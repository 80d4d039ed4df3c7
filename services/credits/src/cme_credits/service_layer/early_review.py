"""Early review on the running system: the office sets each year's window, units list their applicants.

Submissions then look both up (`submission_facts`) and the domain decides (`check_submission`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cme_credits.domain.early_review import Window, check_application, check_window
from cme_credits.domain.enterers import check_registered
from cme_credits.domain.identity import mask, require_id_number
from cme_credits.domain.rules import load_rule_set
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork, LedgerRow
from cme_platform.access import overseen_jurisdictions
from cme_platform.auth import Principal, Role
from cme_platform.errors import DomainError, Forbidden

# The offices that run early review: the district's medical association (锦江区医学会) or the province.
_SETTERS = (Role.DISTRICT_OFFICE, Role.PROVINCIAL_OFFICE)


@dataclass(frozen=True)
class SubmissionFacts:
    """What submitting a batch of credits needs to know about early review."""

    windows: dict[tuple[str, int], Window]
    listed: set[tuple[str, int, str]]

    def window(self, row: LedgerRow) -> Window | None:
        """The window of the credit's jurisdiction and year, if the office set one."""
        return self.windows.get((row.jurisdiction, row.year))

    def is_listed(self, row: LedgerRow) -> bool:
        """True when a unit's application lists the credit's person for its jurisdiction and year."""
        return (row.jurisdiction, row.year, row.id_number) in self.listed


async def set_window(uow: CreditsUnitOfWork, principal: Principal, jurisdiction: str, window: Window) -> dict:
    """设置提前审核时间: the district or provincial office over the jurisdiction opens its year's window."""
    if principal.role not in _SETTERS or jurisdiction not in overseen_jurisdictions(principal):
        raise Forbidden(
            "early_review.not_your_office",
            "只有本地区的区（县）继教主管部门或省继教办可以设置提前审核时间",
            jurisdiction=jurisdiction,
        )
    check_window(load_rule_set(jurisdiction), window)
    async with uow:
        await uow.early_review.save_window(jurisdiction, window, set_by=principal.account_id)
        await uow.commit()
    return _window_dict(jurisdiction, window)


async def window_of(uow: CreditsUnitOfWork, jurisdiction: str, year: int) -> dict:
    """Whether the jurisdiction offers early review, and the year's window (dates null until the office sets it)."""
    rules = load_rule_set(jurisdiction)  # an unknown jurisdiction is refused by name
    async with uow:
        window = (await uow.early_review.windows([(rules.id, year)])).get((rules.id, year))
    if window is None:
        return {"jurisdiction": rules.id, "year": year, "offered": rules.early_review, "opens_on": None,
                "closes_on": None}
    return _window_dict(rules.id, window)


async def apply(uow: CreditsUnitOfWork, principal: Principal, *, year: int, unit: str | None, people: list[dict],
                today: date) -> dict:
    """关于提前审核学分的申请: a unit lists its people applying for a senior title this year.

    Each person is listed or refused with the reason (not registered in the unit, a bad ID number).
    """
    if principal.role is not Role.UNIT_ADMIN or not principal.unit_id or not principal.jurisdiction:
        raise Forbidden("early_review.units_only", "提前审核申请由单位科教科提交")
    rules = load_rule_set(principal.jurisdiction)
    async with uow:
        window = (await uow.early_review.windows([(rules.id, year)])).get((rules.id, year))
        check_application(rules, window, today=today)
        results, listed = [], {}
        for person in people:
            try:
                listed_person = await _listed_person(uow, principal, person)
                listed[listed_person["id_number"]] = listed_person
                results.append({"id_number": mask(listed_person["id_number"]), "ok": True})
            except DomainError as error:
                results.append({"id_number": mask(person["id_number"]), "ok": False, **error.to_dict()["error"]})
        application_id = str(uuid.uuid4())
        await uow.early_review.add_application({"application_id": application_id, "jurisdiction": rules.id,
                                                "year": year, "unit_id": principal.unit_id, "unit": unit,
                                                "submitted_by": principal.account_id}, list(listed.values()))
        await uow.commit()
    return {"application_id": application_id, "year": year, "listed": sum(r["ok"] for r in results),
            "refused": sum(not r["ok"] for r in results), "results": results}


async def submission_facts(uow: CreditsUnitOfWork, rows: Iterable[LedgerRow]) -> SubmissionFacts:
    """The windows and listings the credits of a submission depend on (two queries for any batch),
    read in the caller's unit of work."""
    rows = list(rows)
    return SubmissionFacts(
        windows=await uow.early_review.windows([(r.jurisdiction, r.year) for r in rows]),
        listed=await uow.early_review.listed([(r.jurisdiction, r.year, r.id_number) for r in rows]))


async def _listed_person(uow: CreditsUnitOfWork, principal: Principal, person: dict) -> dict:
    id_number = require_id_number(person["id_number"])
    registered = await uow.members.registered_name(principal.unit_id, id_number)
    check_registered(id_number, person["name"], registered_name=registered)
    return {"id_number": id_number, "name": person["name"], "phone": person["phone"]}


def _window_dict(jurisdiction: str, window: Window) -> dict:
    return {"jurisdiction": jurisdiction, "year": window.year, "offered": True, "opens_on": window.opens_on.isoformat(),
            "closes_on": window.closes_on.isoformat()}
