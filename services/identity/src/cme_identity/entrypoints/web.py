"""What every portal page shares: templates, the signed-in viewer, calls to the other services."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import httpx
from fastapi import Request

from cme_contracts.flags import label as flag_label
from cme_platform.auth import Principal, Role, Unauthenticated, optional_principal
from cme_platform.web.shell import page_templates

# The portal's own nav.html (sign-in state, messages) takes the place of the shell's.
templates = page_templates(files("cme_identity") / "entrypoints" / "templates")

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


@dataclass
class Answer:
    """What another service answered: its JSON, or the Chinese reason it could not be had."""

    data: Any = None
    error: str | None = None
    # Each problem of a refusal ({code or field, message}), for a form to place under its fields.
    problems: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


async def call(request: Request, method: str, path: str, **kwargs) -> Answer:
    """Call another service's API through the front door, as the signed-in person (their cookie token)."""
    token = request.cookies.get("cme_token")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client: httpx.AsyncClient = request.app.state.http
    try:
        response = await client.request(method, path, headers=headers, **kwargs)
    except httpx.HTTPError:
        return Answer(error="相关服务暂时不可用，请稍后再试")
    try:
        body = response.json()
    except ValueError:
        return Answer(error=f"相关服务返回了无法识别的内容（{response.status_code}）")
    if response.status_code >= 400:
        refusal = body.get("error", {}) if isinstance(body, dict) else {}
        message = refusal.get("message") or f"请求失败（{response.status_code}）"
        return Answer(error=message, problems=_problems(refusal, message))
    return Answer(body)


def _problems(refusal: dict, message: str) -> list[dict[str, str]]:
    # A request the API could not read names its fields (`body.phone` read as `phone`); a domain
    # refusal names its problems, or is one problem under its code.
    details = refusal.get("details") or {}
    if details.get("fields"):
        return [{"field": f["field"].rpartition(".")[2], "message": f["problem"]} for f in details["fields"]]
    return details.get("problems") or [{"code": refusal.get("code", ""), "message": message}]


async def count_unread(request: Request) -> None:
    """The badge of the page shell: the signed-in person's unread messages (none shown when the
    notifications service does not answer, so a desk never fails for want of it)."""
    answer = await call(request, "GET", "/api/notifications/mine/unread-count")
    request.state.unread = answer.data["unread"] if answer.ok else None
