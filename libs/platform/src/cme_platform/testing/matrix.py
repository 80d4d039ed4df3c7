"""Access as a table: role × scope × endpoint, each cell allow or deny.

A service's matrix test names one subject (the person, unit, city and province a resource
belongs to), lists every route of its app with who may reach it, and runs every cell. A route
the table does not name fails the test, so a new endpoint cannot arrive without its row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from cme_platform.auth import Role
from cme_platform.testing.tokens import auth_header

# The platform's own routes, on every service, open to all (the edge does not serve them).
OPERATIONS = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")}
DENIED = {401, 403, 404}


class Scope(StrEnum):
    """Where the caller stands relative to the subject of the request."""

    OWN = "own"  # the subject themself (their account and ID number, their unit, city, province)
    SAME_UNIT = "same unit"  # someone else of the subject's unit
    OTHER_UNIT = "other unit"  # someone of another unit of the same city
    SAME_CITY = "same city"  # a city-level account of the subject's city
    OTHER_CITY = "other city"  # a city-level account of another city of the province
    SAME_PROVINCE = "same province"  # a province-level account of the subject's province
    OTHER_PROVINCE = "other province"  # any account of another province


ALL = frozenset(Scope)
IN_PROVINCE = ALL - {Scope.OTHER_PROVINCE}
IN_UNIT = frozenset({Scope.OWN, Scope.SAME_UNIT})
IN_CITY = frozenset({Scope.OWN, Scope.SAME_UNIT, Scope.OTHER_UNIT, Scope.SAME_CITY})


@dataclass(frozen=True)
class Subject:
    """Whom the requests are about."""

    account_id: str
    id_number: str
    unit_id: str
    city_id: str
    jurisdiction: str
    other_id_number: str
    other_city_id: str
    other_jurisdiction: str

    def claims(self, scope: Scope) -> dict:
        """Token claims of a caller standing at `scope` from this subject."""
        place = {"jurisdiction": self.jurisdiction}
        someone = {"account_id": f"acct-{scope.value.replace(' ', '-')}", "id_number": self.other_id_number}
        return {
            Scope.OWN: {"account_id": self.account_id, "id_number": self.id_number, "unit_id": self.unit_id,
                        "city_id": self.city_id, **place},
            Scope.SAME_UNIT: {**someone, "unit_id": self.unit_id, "city_id": self.city_id, **place},
            Scope.OTHER_UNIT: {**someone, "unit_id": "unit-elsewhere", "city_id": self.city_id, **place},
            Scope.SAME_CITY: {**someone, "city_id": self.city_id, **place},
            Scope.OTHER_CITY: {**someone, "city_id": self.other_city_id, **place},
            Scope.SAME_PROVINCE: {**someone, **place},
            Scope.OTHER_PROVINCE: {**someone, "jurisdiction": self.other_jurisdiction},
        }[scope]


Send = Callable[[httpx.AsyncClient, dict[str, str]], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Row:
    """One endpoint: how to call it about the subject, and which (role, scope) cells may.

    `public` rows are open to everyone (signed in or not) and are listed, not run. For a list,
    `sees` tells from the answer whether the subject's data was in it (a list answers 200 to
    everyone, and shows each caller only what is in their scope).
    """

    method: str
    path: str
    send: Send | None = None
    allow: Mapping[Role, frozenset[Scope]] = field(default_factory=dict)
    public: bool = False
    sees: Callable[[httpx.Response], bool] | None = None


def public(method: str, path: str) -> Row:
    """A route anyone may call (public queries, the learner's scan pages, key documents)."""
    return Row(method, path, public=True)


def delegated(method: str, path: str) -> Row:
    """A page that acts through another service's API with the caller's token, so that API's
    table holds its cells (listed, not run)."""
    return Row(method, path, public=True)


def routes_of(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path template) of the app's endpoints (its routers' included), HEAD aside."""
    return {(method, path) for route in iter_route_contexts(app.routes)
            if isinstance(route.original_route, APIRoute) and (path := route.path) is not None
            for method in route.methods or () if method != "HEAD"}


def missing_rows(app: FastAPI, rows: Iterable[Row]) -> set[tuple[str, str]]:
    """Routes of the app that the table does not name (and rows naming no route)."""
    named = {(r.method, r.path) for r in rows} | OPERATIONS
    return routes_of(app) ^ named


async def run(client: httpx.AsyncClient, subject: Subject, rows: Iterable[Row],
              key: Ed25519PrivateKey | None = None) -> list[str]:
    """Every cell of every non-public row; returns the cells that answered against the table.
    Tokens are signed with the test key unless the service under test signs its own (`key`)."""
    wrong = []
    for row in (r for r in rows if not r.public):
        send = row.send
        if send is None:
            raise ValueError(f"{row.method} {row.path}: a row that is not public says how to call it (`send`)")
        for role in Role:
            for scope in Scope:
                answer = await send(client, auth_header(role, key=key, **subject.claims(scope)))
                expected = scope in row.allow.get(role, frozenset())
                allowed = answer.status_code not in DENIED and (row.sees is None or row.sees(answer))
                if allowed != expected or answer.status_code >= 500:
                    wrong.append(f"{row.method} {row.path} · {role.value} · {scope.value}: expected "
                                 f"{'allow' if expected else 'deny'}, got {answer.status_code} {answer.text[:100]}")
    return wrong
