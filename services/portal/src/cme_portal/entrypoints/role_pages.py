"""Each role's own pages (工作台): what it reads and decides, within its scope."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cme_contracts.jurisdictions import registry
from cme_platform.auth import Principal, Role
from cme_platform.web.inputs import Year
from cme_platform.web.shell import LOCAL_ZONE
from cme_portal.entrypoints.charts import bar_chart, ratio_ring
from cme_portal.entrypoints.entry_forms import automatic_sources, category_forms, category_names, correction_fields
from cme_portal.entrypoints.office_tools import early_review_places, office_places
from cme_portal.entrypoints.web import count_unread, page, services, viewer

pages = APIRouter(tags=["pages"], include_in_schema=False)
REVIEWERS = {Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE}
SELF_ENTERED = ("self_entry", "special")  # the credits API's sources of hand-entered credits
AWAITING = {"unit": "单位", "district": "区县", "city": "地市", "province": "省"}
STATUS_LABELS = {"draft": "未上报", "in_review": "审核中", "approved": "已通过", "rejected": "已退回",
                 "revoked": "已撤销", "submitted": "已提交", "confirmed": "单位已确认", "returned": "已退回修改"}


def _back(notice: str, path: str = "/me") -> Response:
    return RedirectResponse(f"{path}?notice={quote(notice)}", status_code=303)


async def signed_in(request: Request) -> Principal | None:
    request.state.viewer = await viewer(request)
    if request.state.viewer is not None:
        await count_unread(request)
    return request.state.viewer


@pages.get("/me", response_class=HTMLResponse)
async def dashboard(request: Request, year: Year | None = None) -> Response:
    """工作台: the page of the signed-in role."""
    me = await signed_in(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    year = year or request.app.state.runtime.clock.today(LOCAL_ZONE).year
    if me.role is Role.LEARNER:
        return await _learner(request, me, year)
    if me.role is Role.PROJECT_OWNER:
        return await owner_desk(request)
    if me.role is Role.REMOTE_EDUCATION:
        return page(request, "remote.html")
    if me.role is Role.DEVICE:
        return page(request, "home.html")
    return await _office(request, me, year)


async def owner_desk(request: Request, status_code: int = 200, **refused_form) -> Response:
    """立项用户: projects, hold applications and their review status; approved ones lead to the
    venue QR and attendee list; forms to enter a national project and to apply to hold a session
    (a refused one shown again with its errors and the values typed, `refused_form`)."""
    projects_api = services(request).projects
    applications = await projects_api.hold_applications(page_size=100)
    projects = await projects_api.mine(page_size=200)
    context = {"entry": None, "hold": None, "typed": {}} | refused_form
    return page(request, "owner.html", status_code, applications=applications, projects=projects,
                labels=STATUS_LABELS, **context)


async def _learner(request: Request, me: Principal, year: int) -> Response:
    """学员: credits of a year, compliance (达标情况 and what is missing), certificates."""
    apis = services(request)
    compliance = await apis.credits.compliance(me.id_number, year)
    credits = await apis.credits.mine(year)
    certificates = await apis.certificates.mine()
    chart = None
    if compliance.ok:
        totals, need = compliance.value["totals"], compliance.value["requirements"]
        chart = bar_chart([("Ⅰ类学分", totals["class_i"]), ("Ⅱ类学分", totals["class_ii"]), ("合计", totals["total"])],
                          title=f"{year}年度学分", unit="分", target=need["annual_total"])
    # Self-entered credits returned by a reviewer offer the correction tool (修改器) with their text fields.
    fixes = {c["credit_id"]: correction_fields(c) for c in (credits.data or {}).get("credits", [])
             if c["status"] == "rejected" and c["source"] in SELF_ENTERED} if credits.ok else {}
    names = category_names(me.jurisdiction) if me.jurisdiction else {}
    return page(request, "learner.html", year=year, compliance=compliance, credits=credits,
                certificates=certificates, chart=chart, labels=STATUS_LABELS, fixes=fixes, category_names=names,
                self_entered=SELF_ENTERED, awaiting=AWAITING)


@pages.get("/me/credits/new", response_class=HTMLResponse)
async def new_credit(request: Request, category: str | None = Query(None, max_length=50)) -> Response:
    """录入学分: the learner's forms for credits earned elsewhere, one per category of their rule set."""
    me = await signed_in(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    if me.role is not Role.LEARNER or not me.jurisdiction:
        return _back("只有学员可以自行录入学分")
    forms = category_forms(me.jurisdiction, name=me.name, year=request.app.state.runtime.clock.today(LOCAL_ZONE).year)
    chosen = next((f for f in forms if f.id == category), forms[0] if len(forms) == 1 else None)
    return page(request, "credit_entry.html", forms=forms, chosen=chosen,
                place=registry().get(me.jurisdiction).name, automatic=automatic_sources(me.jurisdiction))


async def _office(request: Request, me: Principal, year: int) -> Response:
    """单位/地市/省/监管: registrations to approve, the review queue, hold applications, statistics as charts."""
    apis = services(request)
    pending = await apis.identity.accounts("pending") if me.role is Role.UNIT_ADMIN else None
    queue = await apis.credits.queue() if me.role in REVIEWERS else None
    applications = await apis.projects.hold_applications(page_size=200) \
        if me.role in {Role.UNIT_ADMIN, Role.PROVINCIAL_OFFICE} else None
    statistics = await apis.credits.statistics(year)
    charts = _statistics_charts(statistics.value) if statistics.ok else []
    waiting = []
    if applications is not None and applications.ok:
        wanted = "submitted" if me.role is Role.UNIT_ADMIN else "confirmed"
        waiting = [a for a in applications.value["items"] if a["status"] == wanted]
        charts.append(_sessions_chart(applications.value["items"]))
    # The province's places come from identity's regions; without them the account tools offer none.
    regions = await apis.identity.regions() if me.role is Role.PROVINCIAL_OFFICE else None
    return page(request, "office.html", year=year, pending=pending.value if pending and pending.ok else [],
                queue=queue, applications=applications, waiting=waiting, statistics=statistics, charts=charts,
                labels=STATUS_LABELS, places=office_places(me, regions.value if regions and regions.ok else []),
                early_review=early_review_places(me))


def _statistics_charts(statistics: dict) -> list:
    """Credits by class and by review status, the approval rate and the compliance rate, drawn as charts."""
    by_class: dict[str, float] = {}
    by_status: dict[str, float] = {}
    for row in statistics.get("by_status", []):
        if row["status"] == "approved":
            by_class[row["credit_class"]] = by_class.get(row["credit_class"], 0) + row["credits"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["count"]
    approved, total = by_status.get("approved", 0), sum(by_status.values())
    compliance = statistics.get("compliance") or {}
    return [
        bar_chart(
            [(f"{k}类", round(v, 1)) for k, v in sorted(by_class.items())], title="已授予学分（按类别）", unit="分"
        ),
        bar_chart(
            [(STATUS_LABELS.get(k, k), v) for k, v in sorted(by_status.items())],
            title="学分记录（按审核状态）",
            unit="条",
        ),
        ratio_ring(approved, total, title="审核通过率", part_label="已通过", whole_label="学分记录"),
        ratio_ring(
            compliance.get("met", 0),
            compliance.get("people", 0),
            title="年度学分达标率",
            part_label="已达标",
            whole_label="学员",
        ),
    ]


def _sessions_chart(applications: list[dict]) -> object:
    """Hold applications by status: how many sessions were approved to be held (举办场次)."""
    counts: dict[str, int] = {}
    for application in applications:
        counts[application["status"]] = counts.get(application["status"], 0) + 1
    return bar_chart([(STATUS_LABELS.get(k, k), v) for k, v in sorted(counts.items())], title="举办申请（按状态）",
                     unit="场")


@pages.post("/me/accounts/{account_id}/decision")
async def decide_registration(request: Request, account_id: str, decision: str = Form(...)) -> Response:
    """单位审核 of one registration at identity, from the unit admin's page."""
    me = await signed_in(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    identity = services(request).identity
    answer = await (identity.approve(account_id) if decision == "approve" else identity.reject(account_id))
    if not answer.ok:
        return _back(answer.error or "")
    return _back(f"已{'通过' if decision == 'approve' else '驳回'} {answer.value.name} 的注册申请")


@pages.post("/me/hold-applications/{application_id}/{action}")
async def decide_application(request: Request, application_id: str, action: str, reason: str = Form("")) -> Response:
    """确认上报 / 审核通过 / 退回修改 of a hold application, from the admin's or the province's page."""
    projects = services(request).projects
    acts = {"confirm": projects.confirm, "approve": projects.approve, "submit": projects.submit}
    if action == "return":
        answer = await projects.return_for_revision(application_id, reason)
    elif action in acts:
        answer = await acts[action](application_id)
    else:
        return _back("不支持的操作")
    return _back(answer.error or "操作成功")


@pages.get("/sessions/{session_id}/attendees", response_class=HTMLResponse)
async def attendee_list(request: Request, session_id: str) -> Response:
    """学员名单 with times, hours and suspicious-attendance flags (代刷嫌疑)."""
    if await signed_in(request) is None:
        return RedirectResponse("/login", status_code=303)
    answer = await services(request).attendance.attendees(session_id)
    days_left = None
    if answer.ok:  # the deadline counted on the Beijing calendar: 还剩 N 天
        today = request.app.state.runtime.clock.today(LOCAL_ZONE)
        days_left = (date.fromisoformat(answer.value["report_due"]) - today).days
    return page(request, "attendees.html", session_id=session_id, answer=answer, days_left=days_left)
