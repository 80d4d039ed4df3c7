"""The credits service's API as the portal uses it: the public query, a learner's credits, the office desk,
and the unit's entry for many people."""

from __future__ import annotations

from typing import Any

from cme_portal.adapters.clients.base import Answer, Endpoint, ServiceClient, endpoint


class CreditsClient(ServiceClient):
    """/api/credits."""

    @endpoint("GET", "/api/credits/public", query=("id_number",))
    async def public(self, spec: Endpoint, id_number: str) -> Answer[dict[str, Any]]:
        """公共学分查询 by ID number."""
        return await self._call(spec, params={"id_number": id_number})

    @endpoint("GET", "/api/credits/compliance", query=("id_number", "year"), reads=("totals", "requirements"))
    async def compliance(self, spec: Endpoint, id_number: str | None, year: int) -> Answer[dict[str, Any]]:
        """达标情况 of one person in a year: totals, requirements and what is missing."""
        return await self._call(spec, params={"id_number": id_number, "year": year})

    @endpoint("GET", "/api/credits", query=("year",), reads=("credits",))
    async def mine(self, spec: Endpoint, year: int) -> Answer[dict[str, Any]]:
        """The signed-in learner's credits of a year."""
        return await self._call(spec, params={"year": year})

    @endpoint("GET", "/api/credits/queue", reads=("credits",))
    async def queue(self, spec: Endpoint) -> Answer[dict[str, Any]]:
        """The reviewer's queue."""
        return await self._call(spec)

    @endpoint("GET", "/api/credits/statistics", query=("year",), reads=("by_status", "compliance"))
    async def statistics(self, spec: Endpoint, year: int) -> Answer[dict[str, Any]]:
        """Credits by class and status, and compliance, within the caller's scope."""
        return await self._call(spec, params={"year": year})

    @endpoint("POST", "/api/credits/entries/bulk", body=("activity", "people"), reads=("results",))
    async def enter_for_many(self, spec: Endpoint, activity: dict[str, Any],
                             people: list[dict[str, Any]]) -> Answer[dict[str, Any]]:
        """单位统一录入: one activity for many people, each accepted or refused on its own."""
        return await self._call(spec, json={"activity": activity, "people": people})
