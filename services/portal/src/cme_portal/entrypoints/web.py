"""What every portal page shares: templates, the signed-in viewer, the services' clients, the sign-in cookie."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from cme_contracts.flags import label as flag_label
from cme_platform.addresses import client_address
from cme_platform.auth import Principal, Role, Unauthenticated, optional_principal
from cme_platform.web.shell import page_templates
from cme_portal.adapters.clients import Clients, SignedIn

COOKIE = "cme_token"

# The portal's own nav.html (sign-in state, messages) takes the place of the shell's.
templates = page_templates(files("cme_portal") / "entrypoints" / "templates")

ROLE_LABELS = {
    Role.LEARNER: "学员", Role.PROJECT_OWNER: "立项用户", Role.UNIT_ADMIN: "单位科教科",
    Role.DISTRICT_OFFICE: "区县继教主管部门", Role.CITY_OFFICE: "地市继教主管部门", Role.PROVINCIAL_OFFICE: "省继教办",
    Role.REMOTE_EDUCATION: "远程教育机构",
    Role.REGULATOR: "监管方（只读）", Role.DEVICE: "设备",
}
templates.env.globals["role_label"] = lambda role: ROLE_LABELS.get(Role(role), role)

# Suspicious-attendance flags (疑似代签) carried on session credits, as reviewers read them.
templates.env.filters["flag_label"] = flag_label


async def viewer(request: Request) -> Principal | None:
    """The signed-in person, or None when the cookie is missing, expired or forged (pages then offer sign-in)."""
    try:
        return await optional_principal(request)
    except Unauthenticated:
        return None


def page(request: Request, template: str, status_code: int = 200, **context: Any):
    """Render a page with the viewer and the flash message of the last action."""
    context.setdefault("me", getattr(request.state, "viewer", None))
    context.setdefault("notice", request.query_params.get("notice"))
    context.setdefault("unread", getattr(request.state, "unread", None))
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def services(request: Request) -> Clients:
    """The services' clients for this request: as the signed-in person (their cookie token), from their address."""
    return Clients.acting_for(request.app.state.http, request.cookies.get(COOKIE), client_address(request))


def set_token_cookie(response: Response, signed_in: SignedIn, request: Request) -> None:
    """Put identity's token where the pages and every service find it (cookie `cme_token`), for as long as it lasts."""
    secure = request.app.state.runtime.settings.cookie_secure
    response.set_cookie(COOKIE, signed_in.token, max_age=signed_in.expires_in, httponly=True, secure=secure,
                        samesite="lax", path="/")


async def count_unread(request: Request) -> None:
    """The badge of the page shell: the signed-in person's unread messages (none shown when the
    notifications service does not answer, so a desk never fails for want of it)."""
    answer = await services(request).notifications.unread_count()
    request.state.unread = answer.value["unread"] if answer.ok else None
