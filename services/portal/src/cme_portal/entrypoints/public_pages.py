"""Pages anyone can open: home, sign-in, registration, public credit and project queries."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from cme_contracts.identifiers import InvalidIdNumber, read_id_number
from cme_platform.auth import Role
from cme_platform.errors import DomainError
from cme_portal.entrypoints.form_errors import FormErrors, answered, refused
from cme_portal.entrypoints.web import COOKIE, page, services, set_token_cookie, viewer

pages = APIRouter(tags=["pages"], include_in_schema=False)

# Which field each refusal concerns (identity's error code, or the API field it could not read → form
# field); a wrong pair of name and password is said under the password, which is what gets retyped.
LOGIN_FIELDS = {"auth.wrong_credentials": "password", "username": "username", "password": "password"}
UNIT_FIELDS = {"unit.bad_org_code": "org_code", "unit.already_registered": "org_code", "unit.name_not_full": "name",
               "region.required": "place", "region.unknown_jurisdiction": "place", "region.unknown_city": "place",
               "region.unknown_district": "place", "account.bad_username": "admin_username",
               "account.username_taken": "admin_username", "account.weak_password": "admin_password",
               "org_code": "org_code", "name": "name", "jurisdiction": "place", "city_id": "place",
               "district_id": "place", "admin_username": "admin_username", "admin_password": "admin_password",
               "admin_name": "admin_name"}
PERSON_FIELDS = {"unit.bad_org_code": "org_code", "unit.not_registered": "org_code", "id_number.invalid": "id_number",
                 "account.username_taken": "id_number", "account.name_required": "name", "account.bad_phone": "phone",
                 "account.weak_password": "password", "account.role_not_self_registered": "role",
                 "org_code": "org_code", "role": "role", "id_number": "id_number", "name": "name", "phone": "phone",
                 "password": "password"}


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
async def login(request: Request, username: str = Form(""), password: str = Form("")) -> Response:
    """Sign in at identity and land on the person's own page; a refusal stays on the form with its reason."""
    answer = await services(request).identity.sign_in(username, password)
    if not answer.ok:
        refusal = page(request, "login.html", status_code=answer.status, username=username,
                       errors=answered(answer, LOGIN_FIELDS))
        if answer.retry_after is not None:  # a limit: say when to come back, as the API does
            refusal.headers["Retry-After"] = answer.retry_after
        return refusal
    response = RedirectResponse("/me", status_code=303)
    set_token_cookie(response, answer.value, request)
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
    return await _register_page(request, kind=request.query_params.get("kind", "person"))


async def _register_page(request: Request, *, kind: str, errors: FormErrors | None = None, form: dict | None = None,
                         status_code: int = 200) -> Response:
    typed = {k: v for k, v in (form or {}).items() if isinstance(v, str)}  # a file sent is not shown back
    regions = await services(request).identity.regions()
    return page(request, "register.html", status_code=status_code, kind=kind, errors=errors, form=typed,
                regions=regions.value if regions.ok else [])


def _text(form: dict[str, UploadFile | str], name: str, default: str = "") -> str:
    """A text field of a registration form; a file sent in its place is refused like any other bad value."""
    value = form.get(name, default)
    if not isinstance(value, str):
        raise DomainError("form.not_text", "表单内容须填写文字，不能上传文件", field=name)
    return value


@pages.post("/register/unit", response_class=HTMLResponse)
async def register_unit(request: Request) -> Response:
    """单位注册 at identity: on success the administrator is signed in at once, with the password just chosen."""
    form = dict(await request.form())
    # One choice of place: "province:city" or "province:city:district".
    province, _, rest = str(form.get("place", "")).partition(":")
    city, _, district = rest.partition(":")
    identity = services(request).identity
    try:
        username, password = _text(form, "admin_username"), _text(form, "admin_password")
        answer = await identity.register_unit(
            org_code=_text(form, "org_code"), name=_text(form, "name"), jurisdiction=province, city_id=city,
            district_id=district or None, admin_username=username, admin_password=password,
            admin_name=_text(form, "admin_name"))
    except DomainError as error:
        return await _register_page(request, kind="unit", errors=refused(error, UNIT_FIELDS), form=form,
                                    status_code=error.status_code)
    if not answer.ok:
        return await _register_page(request, kind="unit", errors=answered(answer, UNIT_FIELDS), form=form,
                                    status_code=answer.status)
    signed_in = await identity.sign_in(username, password)
    if not signed_in.ok:  # registered, but the sign-in failed (identity busy): the form says why
        return await _register_page(request, kind="unit", errors=answered(signed_in, UNIT_FIELDS), form=form,
                                    status_code=signed_in.status)
    response = RedirectResponse("/me?notice=" + quote("单位注册成功，已登录"), status_code=303)
    set_token_cookie(response, signed_in.value, request)
    return response


@pages.post("/register/person", response_class=HTMLResponse)
async def register_person(request: Request) -> Response:
    """个人注册 at identity: the person waits for the unit's approval."""
    form = dict(await request.form())
    try:
        chosen = form.get("role", "learner")
        if not isinstance(chosen, str):
            raise ValueError(chosen)  # a file for the role is no role, as Role() itself would say
        role = Role(chosen)
        answer = await services(request).identity.register_individual(
            org_code=_text(form, "org_code"), role=role.value, id_number=_text(form, "id_number"),
            name=_text(form, "name"), phone=_text(form, "phone"), password=_text(form, "password"))
    except ValueError:
        return await _register_page(request, kind="person", errors=FormErrors({"role": "请选择注册身份"}), form=form,
                                    status_code=422)
    except DomainError as error:
        return await _register_page(request, kind="person", errors=refused(error, PERSON_FIELDS), form=form,
                                    status_code=error.status_code)
    if not answer.ok:
        return await _register_page(request, kind="person", errors=answered(answer, PERSON_FIELDS), form=form,
                                    status_code=answer.status)
    return page(request, "registered.html", account=answer.value)


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
    answer = await services(request).credits.public(wanted) if wanted else None
    return page(request, "query.html", id_number=id_number, answer=answer, errors=None)


@pages.get("/projects", response_class=HTMLResponse)
async def project_query(request: Request, number: str = "", name: str = "", year: str = "") -> Response:
    """公共项目查询 by number or name, answered by the projects service."""
    if year and not re.fullmatch(r"\d{4}", year.strip()):
        return page(request, "projects.html", status_code=422, number=number, name=name, year=year, answer=None,
                    errors=FormErrors({"year": "年度应为四位数字，如 2026"}))
    answer = await services(request).projects.query(number=number, name=name, year=year, page_size=50)
    return page(request, "projects.html", number=number, name=name, year=year, answer=answer, errors=None)
