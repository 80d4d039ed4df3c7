"""单位统一录入 (seed 001 一(一)): a unit admin enters one activity for many of the unit's people, then reports them.

The page lists the unit's registered learners by name and masked ID number; the browser sends
account ids, and this module puts the ID numbers in before it hands the entry to the credits
service, so full ID numbers never reach the page. The rules stay in the credits service: each
person is accepted or refused there, and the page shows each refusal on that person's row.
"""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from cme_contracts.identifiers import mask_id_number
from cme_contracts.jurisdictions import registry
from cme_identity.entrypoints.dependencies import UoW
from cme_identity.entrypoints.entry_forms import category_forms
from cme_identity.entrypoints.role_pages import signed_in
from cme_identity.entrypoints.web import page
from cme_identity.service_layer import queries
from cme_platform.auth import Role, Unauthenticated
from cme_platform.errors import DomainError
from cme_platform.web.shell import LOCAL_ZONE

pages = APIRouter(tags=["pages"], include_in_schema=False)
UNAVAILABLE = {"error": {"code": "service.unavailable", "message": "学分服务暂时不可用，请稍后再试"}}


class UnitEntryIn(BaseModel):
    """What the page sends: the activity as the credits API takes it, whom it is for, the shared evidence."""

    activity: dict
    account_ids: list[str] = Field(min_length=1, max_length=1000)
    evidence_ids: list[str] = Field(default_factory=list, max_length=10)


@pages.get("/me/credits/bulk", response_class=HTMLResponse)
async def unit_entry_page(request: Request, uow: UoW, category: str | None = Query(None, max_length=50)) -> Response:
    """录入学分信息（单位）: choose a category, fill the activity once, tick the people, upload the proof."""
    me = await signed_in(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    if me.role is not Role.UNIT_ADMIN or not me.jurisdiction:
        return RedirectResponse("/me", status_code=303)
    today = request.app.state.runtime.clock.today(LOCAL_ZONE)
    # The person's name comes from each account, so the activity form does not ask for it.
    forms = [f.without("name") for f in category_forms(me.jurisdiction, name="", year=today.year)]
    chosen = next((f for f in forms if f.id == category), forms[0] if len(forms) == 1 else None)
    learners = await queries.unit_learners(uow, me) if chosen else []
    return page(request, "unit_entry.html", forms=forms, chosen=chosen, learners=learners,
                place=registry().get(me.jurisdiction).name)


@pages.post("/me/credits/bulk")
async def enter_for_unit(body: UnitEntryIn, request: Request, uow: UoW) -> Response:
    """Hand the entry to the credits service for each ticked person; its answer, with names and masked numbers."""
    me = await signed_in(request)
    if me is None:
        raise Unauthenticated("auth.missing_token", "请先登录")
    learners = {a.id: a for a in await queries.unit_learners(uow, me)}
    chosen = [learners[i] for i in dict.fromkeys(body.account_ids) if i in learners]
    if len(chosen) < len(set(body.account_ids)):
        raise DomainError("unit_entry.not_in_unit", "所选人员中有不是本单位已注册学员的，请刷新页面后重选")
    people = [{"id_number": a.id_number, "name": a.name, "evidence_ids": body.evidence_ids} for a in chosen]
    try:
        response = await request.app.state.http.post(
            "/api/credits/entries/bulk", json={"activity": body.activity, "people": people},
            headers={"Authorization": f"Bearer {request.cookies.get('cme_token', '')}"})
        answer = response.json()
    except (httpx.HTTPError, ValueError):
        return JSONResponse(UNAVAILABLE, status_code=503)
    # The credits service's answer, not ours: an error body has no results, so nothing to name.
    for result, account in zip(answer.get("results", []), chosen, strict=False):
        result.update(account_id=account.id, name=account.name, id_number=mask_id_number(account.id_number or ""))
    return JSONResponse(answer, status_code=response.status_code)
