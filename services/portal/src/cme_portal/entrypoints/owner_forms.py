"""The project owner's forms (立项用户): national project entry and the application to hold a session.

The pages only translate a form into the projects service's API; the rules (number formats,
lead times, required files) stay there. A refusal comes back on the owner's desk with each
problem under the field it concerns and the values as typed.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from cme_portal.entrypoints.form_errors import FormErrors, answered
from cme_portal.entrypoints.role_pages import owner_desk, signed_in
from cme_portal.entrypoints.web import services

forms = APIRouter(tags=["pages"], include_in_schema=False)

# The projects API's error codes and fields → the fields of the entry form.
PROJECT_FIELDS = {"project_number.invalid": "number", "project.duplicate": "number",
                  "project.level_mismatch": "number", "number": "number", "name": "name", "credits": "credits",
                  "sponsor": "sponsor", "lead": "lead"}
# … and of the hold application (a day's field, `days.0.ends`, arrives as `ends`).
HOLD_FIELDS = {"project.not_found": "project_id", "hold_application.remote_filing": "project_id",
               "access.out_of_scope": "project_id", "hold_application.no_days": "days",
               "hold_application.duplicate_day": "days", "hold_application.bad_times": "ends", "venue": "venue",
               "day": "first_day", "starts": "starts", "ends": "ends", "expected_attendance": "expected_attendance"}


def hold_plan(*, venue: str, first_day: date, days: int, starts: str, ends: str, expected_attendance: str,
              meeting_notice: str, schedule: str) -> dict:
    """The projects API's plan for a session held on `days` consecutive days at the same times; the
    attendance goes as typed, for the API to check and name."""
    return {
        "venue": venue.strip(),
        "days": [{"day": (first_day + timedelta(days=i)).isoformat(), "starts": starts, "ends": ends}
                 for i in range(days)],
        "expected_attendance": expected_attendance,
        "attachments": {kind: evidence.strip() for kind, evidence in
                        (("meeting_notice", meeting_notice), ("schedule", schedule)) if evidence.strip()},
    }


def _saved(notice: str) -> Response:
    return RedirectResponse(f"/me?notice={quote(notice)}", status_code=303)


async def _typed(request: Request) -> dict[str, str]:
    return {name: str(value) for name, value in (await request.form()).items()}


async def _refused(request: Request, status_code: int, typed: dict, **errors: FormErrors) -> Response:
    await signed_in(request)  # the desk's shell needs the viewer
    return await owner_desk(request, status_code, typed=typed, **errors)


@forms.post("/me/projects")
async def enter_national_project(request: Request) -> Response:
    """国家级项目录入: national projects are not declared in the province, so the owner enters them."""
    typed = await _typed(request)
    # The API checks every value (a credit typed as text too) and names the field it refuses.
    number = typed.get("number", "")
    answer = await services(request).projects.enter(
        number=number, name=typed.get("name", ""), credits=typed.get("credits", ""),
        sponsor=typed.get("sponsor") or None, lead=typed.get("lead") or None)
    if not answer.ok:
        return await _refused(request, 422, typed, entry=answered(answer, PROJECT_FIELDS))
    return _saved(f"已录入项目 {number}")


@forms.post("/me/hold-applications")
async def apply_to_hold(request: Request) -> Response:
    """项目举办申请: a draft the owner then submits (提交申请) from the list."""
    typed = await _typed(request)
    try:  # the day span is laid out here, so its two numbers are read here
        first_day = date.fromisoformat(typed.get("first_day", ""))
    except ValueError:
        return await _refused(request, 422, typed, hold=FormErrors({"first_day": "请选择开始日期"}))
    days = typed.get("days", "")
    if not days.isdigit() or not 1 <= int(days) <= 60:
        return await _refused(request, 422, typed, hold=FormErrors({"days": "举办天数应为 1 至 60 的整数"}))
    plan = hold_plan(venue=typed.get("venue", ""), first_day=first_day, days=int(days),
                     starts=typed.get("starts", ""), ends=typed.get("ends", ""),
                     expected_attendance=typed.get("expected_attendance", ""),
                     meeting_notice=typed.get("meeting_notice", ""), schedule=typed.get("schedule", ""))
    answer = await services(request).projects.apply_to_hold(typed.get("project_id", ""), plan)
    if not answer.ok:
        return await _refused(request, 422, typed, hold=answered(answer, HOLD_FIELDS))
    return _saved("举办申请已保存，请核对后点击“提交申请”")
