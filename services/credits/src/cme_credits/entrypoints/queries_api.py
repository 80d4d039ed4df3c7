"""HTTP queries of the credits service, each scoped to what the account may see."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from cme_credits.entrypoints import exports
from cme_credits.entrypoints.answers import Compliance, CreditList, PublicCredits, Statistics
from cme_credits.entrypoints.dependencies import UoW
from cme_credits.entrypoints.schemas import AuditSampleIn
from cme_credits.service_layer import queries
from cme_platform.auth import Principal, Role, current_principal, require_roles
from cme_platform.lookups import LookupBudget
from cme_platform.tabular import TableFormat
from cme_platform.web.downloads import TABLE_RESPONSES, list_response, table_format
from cme_platform.web.inputs import Year

router = APIRouter(prefix="/api/credits", tags=["credits"])
_reviewers = require_roles(Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE)
_offices = require_roles(Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE,
                         Role.REGULATOR)


def _public_budget(request: Request) -> LookupBudget:
    settings = request.app.state.runtime.settings
    return LookupBudget("credits-public-query", settings.public_query_limit, settings.public_query_hourly_points,
                        settings.public_query_global_misses_per_hour)


@router.get("/public", response_model=PublicCredits)
async def public_query(request: Request, uow: UoW, id_number: str = Query(min_length=1, max_length=18)) -> dict:
    """公共查询: approved credits by ID number, masked; misses cost more (see cme_platform.lookups)."""
    budget = _public_budget(request)
    await budget.admit(request)
    found = await queries.public_query(uow, id_number)
    await budget.record(request, bool(found["credits"]))
    return found


def _year_named(name: str, year: int | None) -> str:
    return f"{year}年度{name}" if year else name


@router.get("", responses=TABLE_RESPONSES, response_model=CreditList)
async def list_credits(uow: UoW, id_number: str | None = None, year: Year | None = None,
                       status: str | None = None, fmt: TableFormat | None = Depends(table_format),
                       principal: Principal = Depends(current_principal)):
    """登录查询 (学分审核情况): credits within the account's scope; `format=xlsx|csv` downloads them."""
    found = await queries.list_credits(uow, principal, id_number=id_number, year=year, status=status)
    if fmt:
        return list_response(found, exports.CREDITS, fmt, filename=_year_named("学分审核情况", year),
                             fallback="credits")
    return {"credits": found}


@router.get("/queue", responses=TABLE_RESPONSES, response_model=CreditList)
async def review_queue(uow: UoW, fmt: TableFormat | None = Depends(table_format),
                       principal: Principal = Depends(_reviewers)):
    """待审核: credits waiting for the caller's review level; `format=xlsx|csv` downloads them."""
    found = await queries.review_queue(uow, principal)
    if fmt:
        return list_response(found, exports.QUEUE, fmt, filename="学分待审核", fallback="review-queue")
    return {"credits": found}


@router.get("/compliance", response_model=Compliance, response_model_exclude_unset=True)
async def compliance(uow: UoW, id_number: str, year: Year, staff_level: str | None = None,
                     jurisdiction: str | None = None, what_if: list[str] = Query(default=[]),
                     principal: Principal = Depends(current_principal)) -> dict:
    """个人学分达标情况; `what_if` credit ids are assumed approved (测算, e.g. for a promotion)."""
    return await queries.person_compliance(uow, principal, id_number, year=year, staff_level=staff_level,
                                           jurisdiction=jurisdiction, what_if=frozenset(what_if))


@router.get("/compliance/people", responses=TABLE_RESPONSES)
async def people_compliance(uow: UoW, year: Year, unit_id: str | None = Query(None, max_length=64),
                            fmt: TableFormat | None = Depends(table_format),
                            principal: Principal = Depends(_offices)):
    """学分达标情况 by person within the caller's scope (of one unit, if named); `format=xlsx|csv` downloads it."""
    people = await queries.people_compliance(uow, principal, year=year, unit_id=unit_id)
    if fmt:
        return list_response(people, exports.COMPLIANCE, fmt, filename=f"{year}年度学分达标情况",
                             fallback=f"compliance-{year}")
    return {"year": year, "people": people}


@router.get("/statistics", responses=TABLE_RESPONSES, response_model=Statistics,
            response_model_exclude_unset=True)
async def statistics(uow: UoW, year: Year | None = None, fmt: TableFormat | None = Depends(table_format),
                     principal: Principal = Depends(_offices)):
    """单位学分统计: counts and credits by status and class within the caller's scope; `format=xlsx|csv`
    downloads the counts."""
    found = await queries.unit_statistics(uow, principal, year=year)
    if fmt:
        return list_response(found["by_status"], exports.STATISTICS, fmt, filename=_year_named("学分统计", year),
                             fallback="statistics")
    return found


@router.post("/audit-samples")
async def audit_sample(body: AuditSampleIn, uow: UoW,
                       principal: Principal = Depends(require_roles(Role.PROVINCIAL_OFFICE))) -> dict:
    """抽查: draw a percentage of approved self-entered credits for a second look."""
    return await queries.draw_audit_sample(uow, principal, year=body.year, percentage=body.percentage,
                                           seed=body.seed)


@router.get("/{credit_id}")
async def credit_detail(credit_id: str, uow: UoW, principal: Principal = Depends(current_principal)) -> dict:
    """One credit with its full review history."""
    return await queries.credit_detail(uow, principal, credit_id)
