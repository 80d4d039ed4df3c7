"""The projects service's API as the portal uses it: the public query, the owner's projects and hold applications."""

from __future__ import annotations

from typing import Any

from cme_portal.adapters.clients.base import Answer, Endpoint, ServiceClient, endpoint

PLAN_FIELDS = ("venue", "days", "expected_attendance", "attachments")
# What the pages read: the public query's table, the owner's choice of project, each application's row.
LISTED_PROJECTS = ("total", *(f"items[].{f}" for f in ("number", "name", "credit_class", "credits", "start_date",
                                                        "end_date", "sponsor")))
OWN_PROJECTS = tuple(f"items[].{f}" for f in ("id", "number", "name"))
APPLICATIONS = tuple(f"items[].{f}" for f in ("id", "project_name", "project_number", "status", "return_reason",
                                              "session_id"))


class ProjectsClient(ServiceClient):
    """/api/projects."""

    @endpoint("GET", "/api/projects", query=("number", "name", "year", "page_size"),
              reads=LISTED_PROJECTS)
    async def query(self, spec: Endpoint, *, number: str = "", name: str = "", year: str = "",
                    page_size: int = 50) -> Answer[dict[str, Any]]:
        """公共项目查询 by number, name or year (those given)."""
        given = {k: v for k, v in {"number": number, "name": name, "year": year}.items() if v}
        return await self._call(spec, params=given | {"page_size": page_size})

    @endpoint("GET", "/api/projects/mine", query=("page_size",), reads=OWN_PROJECTS)
    async def mine(self, spec: Endpoint, page_size: int = 200) -> Answer[dict[str, Any]]:
        """The owner's own projects."""
        return await self._call(spec, params={"page_size": page_size})

    @endpoint("POST", "/api/projects", body=("number", "name", "credit_class", "credits", "sponsor", "lead"))
    async def enter(self, spec: Endpoint, *, number: str, name: str, credits: str, sponsor: str | None,
                    lead: str | None) -> Answer[dict[str, Any]]:
        """国家级项目录入 (class I); the API checks every value, a credit typed as text too."""
        return await self._call(spec, json={"number": number, "name": name, "credit_class": "I", "credits": credits,
                                            "sponsor": sponsor, "lead": lead})

    @endpoint("GET", "/api/projects/hold-applications", query=("page_size",), reads=APPLICATIONS)
    async def hold_applications(self, spec: Endpoint, page_size: int) -> Answer[dict[str, Any]]:
        """Hold applications within the caller's scope."""
        return await self._call(spec, params={"page_size": page_size})

    @endpoint("POST", "/api/projects/{project_id}/hold-applications", body=PLAN_FIELDS)
    async def apply_to_hold(self, spec: Endpoint, project_id: str, plan: dict[str, Any]) -> Answer[dict[str, Any]]:
        """项目举办申请 (a draft) with its plan (`hold_plan` of the owner's form)."""
        return await self._call(spec, path={"project_id": project_id}, json=plan)

    @endpoint("POST", "/api/projects/hold-applications/{application_id}/submit")
    async def submit(self, spec: Endpoint, application_id: str) -> Answer[dict[str, Any]]:
        """提交申请."""
        return await self._call(spec, path={"application_id": application_id})

    @endpoint("POST", "/api/projects/hold-applications/{application_id}/confirm")
    async def confirm(self, spec: Endpoint, application_id: str) -> Answer[dict[str, Any]]:
        """确认上报 (the unit)."""
        return await self._call(spec, path={"application_id": application_id})

    @endpoint("POST", "/api/projects/hold-applications/{application_id}/approve")
    async def approve(self, spec: Endpoint, application_id: str) -> Answer[dict[str, Any]]:
        """审核通过 (the province)."""
        return await self._call(spec, path={"application_id": application_id})

    @endpoint("POST", "/api/projects/hold-applications/{application_id}/return", body=("reason",))
    async def return_for_revision(self, spec: Endpoint, application_id: str, reason: str) -> Answer[dict[str, Any]]:
        """退回修改 with the reason."""
        return await self._call(spec, path={"application_id": application_id}, json={"reason": reason})
