"""The credits service's public HTTP API, asked as the learner (their token forwarded).

The certificates service signs the compliance proof, but the compliance result is the credits
service's to compute (its ledger, its rule sets, the what-is-counted logic): asking it over its
public API as the learner, rather than keeping a copy of the ledger here, means the proof states
exactly what the learner's desk shows, and the credits service's own access rule (a learner sees
only their own credits) guards it.
"""

from __future__ import annotations

import httpx

from cme_platform.errors import DomainError


class CreditsUnavailable(DomainError):
    """The credits service did not answer; the proof cannot be made now (503 with Retry-After, as for
    any dependency that is down)."""

    status_code = 503
    retry_after = 5


class CreditsRefused(DomainError):
    """The credits service refused the question (its code and message are passed on)."""

    status_code = 422


class CreditsApi:
    """`GET /api/credits/compliance` through one shared HTTP client."""

    def __init__(self, client: httpx.AsyncClient):
        self.client = client

    async def compliance(self, token: str, id_number: str, year: int, staff_level: str | None) -> dict:
        """个人学分达标情况 of one year, as the credits service answers the learner."""
        params: dict[str, str | int] = {"id_number": id_number, "year": year}
        if staff_level:
            params["staff_level"] = staff_level
        try:
            answer = await self.client.get("/api/credits/compliance", params=params,
                                           headers={"Authorization": f"Bearer {token}"})
        except httpx.HTTPError:
            raise CreditsUnavailable("proof.credits_unavailable", "学分服务暂时无法访问，请稍后再试") from None
        if answer.status_code >= 500:
            raise CreditsUnavailable("proof.credits_unavailable", "学分服务暂时无法访问，请稍后再试")
        try:
            body = answer.json()
        except ValueError:
            body = None  # not the API's JSON: an edge's or a proxy's page
        if answer.status_code >= 400:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            raise CreditsRefused(error.get("code", "proof.credits_refused"),
                                 error.get("message", "学分服务拒绝了该查询"), year=year)
        if not isinstance(body, dict):
            raise CreditsUnavailable("proof.credits_unavailable", "学分服务暂时无法访问，请稍后再试")
        return body
