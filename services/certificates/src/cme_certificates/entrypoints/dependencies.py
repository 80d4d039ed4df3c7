"""What a route is handed besides its input: a fresh, un-entered unit of work for its use case, the runtime
(key, store, renderer), what a visitor showed with a certificate number, and the look-up limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from cme_certificates.bootstrap import CertificatesRuntime
from cme_certificates.domain.access import Access
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_platform.auth import Principal, optional_principal
from cme_platform.lookups import LookupBudget
from cme_platform.ratelimit import rate_limited
from cme_platform.web.dependencies import unit_of_work


def runtime_of(request: Request) -> CertificatesRuntime:
    """The service's runtime (key, store, database) for a request."""
    return request.app.state.runtime


UoW = Annotated[CertificatesUnitOfWork, Depends(unit_of_work)]


def query_budget(request: Request) -> LookupBudget:
    """The budget of public queries (by ID number, or project number + name; cme_platform.lookups)."""
    settings = runtime_of(request).settings
    return LookupBudget("certificate_query", settings.public_query_limit, settings.public_query_hourly_points,
                        settings.public_query_global_misses_per_hour)


async def lookup_limit(request: Request) -> None:
    """Look-ups by certificate number are rate limited too, on top of needing the name or token."""
    await rate_limited("certificate_lookup", runtime_of(request).settings.public_lookup_limit)(request)


async def access_of(request: Request, number: str, name: Annotated[str | None, Query(max_length=50)] = None,
                    token: Annotated[str | None, Query(max_length=64)] = None,
                    principal: Annotated[Principal | None, Depends(optional_principal)] = None) -> Access:
    """What the caller showed with a certificate number: the name, the QR token, or a sign-in."""
    return Access.shown(name=name, token_valid=runtime_of(request).authority.token_valid(number, token),
                        principal=principal)


def bearer_token(request: Request) -> str:
    """The caller's own token, as cme_platform.auth reads it (header, else the pages' cookie), to forward it
    to the credits service when a compliance proof asks it as the learner."""
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else request.cookies.get("cme_token", "")
