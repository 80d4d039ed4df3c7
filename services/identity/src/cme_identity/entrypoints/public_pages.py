"""Pages anyone can open: home, sign-in, registration, public credit and project queries."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from cme_contracts.identifiers import InvalidIdNumber, read_id_number
from cme_identity.domain.regions import provinces
from cme_identity.entrypoints import sign_in_guard
from cme_identity.entrypoints.api import COOKIE, set_token_cookie
from cme_identity.entrypoints.dependencies import UoW
from cme_identity.entrypoints.form_errors import FormErrors, refused
from cme_identity.entrypoints.web import call, page, viewer
from cme_identity.service_layer import commands
from cme_platform.auth import Role
from cme_platform.errors import DomainError

pages = APIRouter(tags=["pages"], include_in_schema=False)

# Which field each refusal concerns (error code → form field); a wrong pair of name and password is
# said under the password, which is what gets retyped.
LOGIN_FIELDS = {"auth.wrong_credentials": "password"}
UNIT_FIELDS = {"unit.bad_org_code": "org_code", "unit.already_registered": "org_code", "unit.name_not_full": "name",
               "region.required": "place", "region.unknown_jurisdiction": "place", "region.unknown_city": "place",
               "region.unknown_district": "place", "account.bad_username": "admin_username",
               "account.username_taken": "admin_username", "account.weak_password": "admin_password"}
PERSON_FIELDS = {"unit.bad_org_code": "org_code", "unit.not_registered": "org_code", "id_number.invalid": "id_number",
                 "account.username_taken": "id_number", "account.name_required": "name", "account.bad_phone": "phone",
                 "account.weak_password": "password", "account.role_not_self_registered": "role"}


@pages.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    """首页: the public queries and the way in."""
    request.state.viewer = await viewer(request)
    return page(request, "home.html")


@pages.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    """登录."""
    return page(request, "login.html", username="", errors=None)


@pages.post("/login", response_class=HTMLResponse)
async def login(request: Request, uow: UoW, username: str = Form(""), password: str = Form("")) -> Response:
    """Sign in and land on the person's own page; a refusal stays on the form with its reason."""
    try:
        account = await sign_in_guard.sign_in(request, uow, username, password)
    except DomainError as error:
        refusal = page(request, "login.html", status_code=error.status_code, username=username,
                       errors=refused(error, LOGIN_FIELDS))
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:  # a limit: say when to come back, as the API does
            refusal.headers["Retry-After"] = str(retry_after)
        return refusal
    response = RedirectResponse("/me", status_code=303)
    set_token_cookie(response, request.app.state.issuer.issue(account.principal()), request)
    return response


@pages.post("/logout")
async def logout() -> Response:
    """退出登录."""
    response = RedirectResponse("/?notice=" + quote("已退出登录"), status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@pages.get("/register", response_class=HTMLResponse)
async def register_form(request: Request) -> Response:
    """注册: 单位注册 or 个人注册."""
    return _register_page(request, kind=request.query_params.get("kind", "person"))


def _register_page(request: Request, *, kind: str, errors: FormErrors | None = None, form: dict | None = None,
                   status_code: int = 200) -> Response:
    typed = {k: v for k, v in (form or {}).items() if isinstance(v, str)}  # a file sent is not shown back
    return page(request, "register.html", status_code=status_code, kind=kind, errors=errors, form=typed,
                regions=list(provinces().values()))


def _text(form: dict[str, UploadFile | str], name: str, default: str = "") -> str:
    """A text field of a registration form; a file sent in its place is refused like any other bad value."""
    value = form.get(name, default)
    if not isinstance(value, str):
        raise DomainError("form.not_text", "表单内容须填写文字，不能上传文件", field=name)
    return value


@pages.post("/register/unit", response_class=HTMLResponse)
async def register_unit(request: Request, uow: UoW) -> Response:
    """单位注册: on success the administrator is signed in at once."""
    form = dict(await request.form())
    # One choice of place: "province:city" or "province:city:district".
    province, _, rest = str(form.get("place", "")).partition(":")
    city, _, district = rest.partition(":")
    try:
        _, admin = await commands.register_unit(
            uow, org_code=_text(form, "org_code"), name=_text(form, "name"),
            jurisdiction=province, city_id=city, district_id=district or None,
            admin_username=_text(form, "admin_username"), admin_password=_text(form, "admin_password"),
            admin_name=_text(form, "admin_name"))
    except DomainError as error:
        return _register_page(request, kind="unit", errors=refused(error, UNIT_FIELDS), form=form,
                              status_code=error.status_code)
    response = RedirectResponse("/me?notice=" + quote("单位注册成功，已登录"), status_code=303)
    set_token_cookie(response, request.app.state.issuer.issue(admin.principal()), request)
    return response


@pages.post("/register/person", response_class=HTMLResponse)
async def register_person(request: Request, uow: UoW) -> Response:
    """个人注册: the person waits for the unit's approval."""
    form = dict(await request.form())
    try:
        chosen = form.get("role", "learner")
        if not isinstance(chosen, str):
            raise ValueError(chosen)  # a file for the role is no role, as Role() itself would say
        role = Role(chosen)
        account = await commands.register_individual(
            uow, org_code=_text(form, "org_code"), role=role, id_number=_text(form, "id_number"),
            name=_text(form, "name"), phone=_text(form, "phone"), password=_text(form, "password"))
    except ValueError:
        return _register_page(request, kind="person", errors=FormErrors({"role": "请选择注册身份"}), form=form,
                              status_code=422)
    except DomainError as error:
        return _register_page(request, kind="person", errors=refused(error, PERSON_FIELDS), form=form,
                              status_code=error.status_code)
    return page(request, "registered.html", account=account)


@pages.get("/query", response_class=HTMLResponse)
async def credit_query(request: Request, id_number: str = "") -> Response:
    """公共学分查询 by ID number (seed 004 三(二)), answered by the credits service.

    A mistyped number is said under the field before anyone is asked (the credits service would
    refuse it the same way, one rule in the contracts)."""
    try:
        wanted = read_id_number(id_number) if id_number else ""
    except InvalidIdNumber as mistyped:
        return page(request, "query.html", status_code=422, id_number=id_number, answer=None,
                    errors=FormErrors({"id_number": mistyped.message}))
    answer = await call(request, "GET", "/api/credits/public", params={"id_number": wanted}) if wanted else None
    return page(request, "query.html", id_number=id_number, answer=answer, errors=None)


@pages.get("/projects", response_class=HTMLResponse)
async def project_query(request: Request, number: str = "", name: str = "", year: str = "") -> Response:
    """公共项目查询 by number or name, answered by the projects service."""
    if year and not re.fullmatch(r"\d{4}", year.strip()):
        return page(request, "projects.html", status_code=422, number=number, name=name, year=year, answer=None,
                    errors=FormErrors({"year": "年度应为四位数字，如 2026"}))
    params = {k: v for k, v in {"number": number, "name": name, "year": year}.items() if v}
    answer = await call(request, "GET", "/api/projects", params=params | {"page_size": 50})
    return page(request, "projects.html", number=number, name=name, year=year, answer=answer, errors=None)
