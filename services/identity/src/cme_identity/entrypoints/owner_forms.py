"""The project owner's forms (立项用户): national project entry and the application to hold a session.

The pages only translate a form into the projects service's API; the rules (number formats,
lead times, required files) stay there, and its refusal is shown to the owner as it is.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from cme_identity.entrypoints.web import call

forms = APIRouter(tags=["pages"], include_in_schema=False)


def hold_plan(*, venue: str, first_day: date, days: int, starts: str, ends: str, expected_attendance: int,
              meeting_notice: str, schedule: str) -> dict:
    """The projects API's plan for a session held on `days` consecutive days at the same times."""
    return {
        "venue": venue.strip(),
        "days": [{"day": (first_day + timedelta(days=i)).isoformat(), "starts": starts, "ends": ends}
                 for i in range(days)],
        "expected_attendance": expected_attendance,
        "attachments": {kind: evidence.strip() for kind, evidence in
                        (("meeting_notice", meeting_notice), ("schedule", schedule)) if evidence.strip()},
    }


def _back(notice: str) -> Response:
    return RedirectResponse(f"/me?notice={quote(notice)}", status_code=303)


@forms.post("/me/projects")
async def enter_national_project(request: Request, number: str = Form(...), name: str = Form(...),
                                 credits: float = Form(...), sponsor: str = Form(""), lead: str = Form("")) -> Response:
    """国家级项目录入: national projects are not declared in the province, so the owner enters them."""
    body = {"number": number, "name": name, "credit_class": "I", "credits": credits,
            "sponsor": sponsor or None, "lead": lead or None}
    answer = await call(request, "POST", "/api/projects", json=body)
    return _back(answer.error or f"已录入项目 {number}")


@forms.post("/me/hold-applications")
async def apply_to_hold(request: Request, project_id: str = Form(...), venue: str = Form(...),
                        first_day: date = Form(...), days: int = Form(1, ge=1, le=60), starts: str = Form("08:30"),
                        ends: str = Form("17:30"), expected_attendance: int = Form(..., ge=1),
                        meeting_notice: str = Form(""), schedule: str = Form("")) -> Response:
    """项目举办申请: a draft the owner then submits (提交申请) from the list."""
    plan = hold_plan(venue=venue, first_day=first_day, days=days, starts=starts, ends=ends,
                     expected_attendance=expected_attendance, meeting_notice=meeting_notice, schedule=schedule)
    answer = await call(request, "POST", f"/api/projects/{project_id}/hold-applications", json=plan)
    return _back(answer.error or "举办申请已保存，请核对后点击“提交申请”")
