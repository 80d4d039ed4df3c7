"""The credits service's API as the portal uses it: the public query, a learner's credits, the office desk,
and the unit's entry for many people."""

from __future__ import annotations

from typing import Any

from cme_portal.adapters.clients.base import Answer, Endpoint, ServiceClient, endpoint

# What the pages read: the public table, the learner's standing and chart, the learner's rows with the
# correction tool's fields, the reviewer's rows, the office's charts, each person of a bulk entry.
PUBLIC = ("id_number", *(f"credits[].{f}" for f in ("year", "project_name", "project_number", "credit_class",
                                                     "credits")))
STANDING = ("met", "missing[].message", "totals.class_i", "totals.class_ii", "totals.total",
            "requirements.annual_total", "requirements.class_i_min", "requirements.class_ii_min")
OWN_CREDITS = tuple(f"credits[].{f}" for f in (
    "credit_id", "status", "source", "category", "project_name", "project_number", "credit_class", "credits",
    "awaiting", "last_reason", "name", "sponsor", "hours", "start_date", "end_date", "year"))
QUEUE = tuple(f"credits[].{f}" for f in (
    "credit_id", "name", "unit", "project_name", "project_number", "year", "verified_credential", "audit_sampled",
    "attendance_flags", "last_reason", "hours", "credit_class", "credits", "evidence_ids"))
STATISTICS = ("by_status[].status", "by_status[].credit_class", "by_status[].credits", "by_status[].count",
              "compliance.met", "compliance.people")
# The portal names each result itself (account id, name, masked number); these come from the service.
BULK_RESULTS = ("results[].ok", "results[].code", "results[].message", "results[].credit_id")


class CreditsClient(ServiceClient):
    """/api/credits."""

    @endpoint("GET", "/api/credits/public", query=("id_number",), reads=PUBLIC)
    async def public(self, spec: Endpoint, id_number: str) -> Answer[dict[str, Any]]:
        """公共学分查询 by ID number."""
        return await self._call(spec, params={"id_number": id_number})

    @endpoint("GET", "/api/credits/compliance", query=("id_number", "year"), reads=STANDING)
    async def compliance(self, spec: Endpoint, id_number: str | None, year: int) -> Answer[dict[str, Any]]:
        """达标情况 of one person in a year: totals, requirements and what is missing."""
        return await self._call(spec, params={"id_number": id_number, "year": year})

    @endpoint("GET", "/api/credits", query=("year",), reads=OWN_CREDITS)
    async def mine(self, spec: Endpoint, year: int) -> Answer[dict[str, Any]]:
        """The signed-in learner's credits of a year."""
        return await self._call(spec, params={"year": year})

    @endpoint("GET", "/api/credits/queue", reads=QUEUE)
    async def queue(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """The reviewer's queue."""
        return await self._call(spec)

    @endpoint("GET", "/api/credits/statistics", query=("year",), reads=STATISTICS)
    async def statistics(self, spec: Endpoint, year: int) -> Answer[dict[str, Any]]:
        """Credits by class and status, and compliance, within the caller's scope."""
        return await self._call(spec, params={"year": year})

    @endpoint("POST", "/api/credits/entries/bulk", body=("activity", "people"), reads=BULK_RESULTS)
    async def enter_for_many(self, spec: Endpoint, activity: dict[str, Any],
                             people: list[dict[str, Any]]) -> Answer[dict[str, Any]]:
        """单位统一录入: one activity for many people, each accepted or refused on its own."""
        return await self._call(spec, json={"activity": activity, "people": people})
