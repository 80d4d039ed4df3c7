"""单位统一录入 (seed 001 一(一)): the page where a unit admin enters one activity for many of the unit's people.

The page lists the unit's registered learners by name and masked ID number (from identity); the
browser sends account ids, and the use case (service_layer/unit_entry.py) turns them into people
for the credits service, whose answer, each refusal on that person's row, comes back as it was.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from cme_contracts.jurisdictions import registry
from cme_platform.auth import Role, Unauthenticated
from cme_platform.web.shell import LOCAL_ZONE
from cme_portal.entrypoints.entry_forms import category_forms
from cme_portal.entrypoints.role_pages import signed_in
from cme_portal.entrypoints.web import page, services
from cme_portal.service_layer.unit_entry import enter_for_unit

pages = APIRouter(tags=["pages"], include_in_schema=False)


class UnitEntryIn(BaseModel):
    """What the page sends: the activity as the credits API takes it, whom it is for, the shared evidence."""

    activity: dict
    account_ids: list[str] = Field(min_length=1, max_length=1000)
    evidence_ids: list[str] = Field(default_factory=list, max_length=10)


@pages.get("/me/credits/bulk", response_class=HTMLResponse)
async def unit_entry_page(request: Request, category: str | None = Query(None, max_length=50)) -> Response:
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
    listed = await services(request).identity.unit_learners() if chosen else None
    learners = listed.value if listed is not None and listed.ok else []
    return page(request, "unit_entry.html", forms=forms, chosen=chosen, learners=learners,
                place=registry().get(me.jurisdiction).name)


@pages.post("/me/credits/bulk")
async def enter_for_many(body: UnitEntryIn, request: Request) -> Response:
    """Hand the entry to the credits service for each ticked person; its answer, with names and masked numbers."""
    if await signed_in(request) is None:
        raise Unauthenticated("auth.missing_token", "请先登录")
    apis = services(request)
    answer = await enter_for_unit(apis.identity, apis.credits, activity=body.activity, account_ids=body.account_ids,
                                  evidence_ids=body.evidence_ids)
    # The services' answer, not ours: a refusal has no results, so nothing to name.
    return JSONResponse(answer.data if answer.ok else {"error": answer.refusal}, status_code=answer.status)
