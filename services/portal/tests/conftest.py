"""Shared fixtures of the portal's tests: the front door in-process (identity's API and the portal's pages
on one client, as a browser meets them), codes that pass their check digits, and the OpenAPI check of the
portal's clients against each service's document."""

from __future__ import annotations

import importlib
import inspect
import itertools
import random
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import pytest

from cme_identity.adapters.tokens import new_key_pair
from cme_identity.config import IdentitySettings
from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_identity.entrypoints.app import create_app as create_identity
from cme_platform.testing.services import eventually, migrated_database, running, settings_for
from cme_platform.testing.tokens import public_key_pem
from cme_portal.adapters.clients import Endpoint
from cme_portal.config import PortalSettings
from cme_portal.entrypoints.app import create_app as create_portal

_counter = itertools.count(random.randrange(10_000_000))


class FrontDoor(httpx.AsyncBaseTransport):
    """Routes each request by path prefix to an app in this process, as the edge does by CME_EDGE_ROUTES;
    a service that is not running here cannot be reached (the pages then say so)."""

    def __init__(self, routes: dict[str, Any], client: tuple[str, int] = ("127.0.0.1", 123)):
        self._routes = sorted(((prefix, httpx.ASGITransport(app=app, client=client)) for prefix, app in routes.items()),
                              key=lambda route: len(route[0]), reverse=True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for prefix, transport in self._routes:
            if prefix == "/" or request.url.path == prefix or request.url.path.startswith(prefix + "/"):
                return await transport.handle_async_request(request)
        raise httpx.ConnectError(f"no service at {request.url.path} in this test", request=request)


@pytest.fixture
def new_org_code() -> Callable[[], str]:
    """Makes fresh organisation codes with correct check digits."""
    return lambda: org_code_with_check_digit(f"{next(_counter) % 100_000_000:08d}")


@pytest.fixture
def new_id_number() -> Callable[[], str]:
    """Makes fresh Sichuan ID numbers with correct check digits."""
    return lambda: id_number_with_check_digit(f"51010719850101{next(_counter) % 1000:03d}")


@pytest.fixture(scope="session")
def signing_key() -> tuple[str, str]:
    """The (private PEM, public PEM) pair the identity service under test signs with."""
    return new_key_pair()


@pytest.fixture(scope="module")
def platform_front_door(infra, signing_key):
    """Starts identity (its own migrated database, the given settings) and the portal behind one front door;
    yields one browser's client per address of `visitors` (the other services are not running)."""
    @asynccontextmanager
    async def start(visitors: tuple[tuple[str, int], ...] = (("203.0.113.7", 40000),), **identity_settings
                    ) -> AsyncIterator[list[httpx.AsyncClient]]:
        private, public = signing_key
        values = {"bootstrap_admin": "sc-admin:Sichuan2026:sichuan", "sign_in_failures_per_address": 10_000,
                  "sign_in_failures_per_account": 10_000} | identity_settings
        identity = create_identity(settings_for(infra, IdentitySettings, await migrated_database(infra, "cme_identity"),
                                                jwt_private_key=private, jwt_public_key=public, **values))
        portal = create_portal(PortalSettings(jwt_public_key=public, api_base_url="http://front-door"),
                               transport=FrontDoor({"/api/identity": identity}))
        async with running(identity), running(portal), AsyncExitStack() as browsers:
            yield [await browsers.enter_async_context(httpx.AsyncClient(
                transport=FrontDoor({"/api/identity": identity, "/": portal}, client=visitor), base_url="http://edge"))
                for visitor in visitors]

    return start


@pytest.fixture(scope="module")
async def front_door(platform_front_door):
    """One browser at the front door shared by a test module; identity's first provincial office
    `sc-admin` / `Sichuan2026` of Sichuan is seeded."""
    async with platform_front_door() as [browser]:
        async def seeded() -> bool:
            admin = {"username": "sc-admin", "password": "Sichuan2026"}
            answer = await browser.post("/api/identity/sessions", json=admin)
            return answer.status_code == 200

        await eventually(seeded, timeout=15)
        browser.cookies.clear()
        yield browser


# Enough for a service's app to be built (nothing is started): its OpenAPI document needs no server.
BASE = {"database_url": "postgresql+asyncpg://u@127.0.0.1:1/db", "kafka_bootstrap_servers": "127.0.0.1:1",
        "jwt_public_key": public_key_pem(), "s3_endpoint": "http://127.0.0.1:1", "s3_bucket": "b",
        "s3_access_key": "a", "s3_secret_key": "s"}
_documents: dict[str, dict] = {}


def _dummy(name: str) -> str:
    if name.endswith("_url"):
        return "redis://127.0.0.1:1/0"
    if name.endswith("_key") and "public" not in name:
        return new_key_pair()[0]
    return "x" * 40


@pytest.fixture(scope="session")
def openapi_document() -> Callable[[str], dict]:
    """The OpenAPI document of a service (`credits`), built from its app as its own tests build it."""
    def document(service: str) -> dict:
        if service not in _documents:
            config = importlib.import_module(f"cme_{service}.config")
            app = importlib.import_module(f"cme_{service}.entrypoints.app")
            settings_cls = next(c for c in vars(config).values() if isinstance(c, type)
                                and c.__module__ == config.__name__ and c.__name__.endswith("Settings"))
            required = {n: _dummy(n) for n, f in settings_cls.model_fields.items() if f.is_required() and n not in BASE}
            _documents[service] = app.create_app(settings_cls(**BASE, **required)).openapi()
        return _documents[service]

    return document


def _schema(document: dict, schema: dict | None) -> dict:
    """A schema with its `$ref` (and a list's items) followed to the object it describes."""
    schema = schema or {}
    while "$ref" in schema or schema.get("type") == "array":
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
        else:
            schema = schema.get("items", {})
    if "anyOf" in schema:  # an optional body: the object among its choices
        schema = next((_schema(document, s) for s in schema["anyOf"] if s.get("type") != "null"), {})
    return schema


def _check(document: dict, name: str, spec: Endpoint) -> list[str]:
    operation = document["paths"].get(spec.path, {}).get(spec.method.lower())
    if operation is None:
        return [f"{name}: {spec.method} {spec.path} is not in the service's API"]
    problems = []
    query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    problems += [f"{name}: query field {q!r} is not a parameter of {spec.path}" for q in spec.query if q not in query]
    request = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    accepted = _schema(document, request).get("properties", {})
    problems += [f"{name}: body field {b!r} is not in the request schema" for b in spec.body if b not in accepted]
    success = next((r for status, r in operation["responses"].items() if status.startswith("2")), {})
    answered = _schema(document, success.get("content", {}).get("application/json", {}).get("schema"))
    # An answer documented only as "an object" names no fields to check against, so the portal may read none
    # of it; one that lists them must have every field the portal reads, nested ones too.
    if spec.fields_read and not answered.get("properties"):
        problems.append(f"{name}: reads {spec.fields_read} of an answer documented without its fields")
    problems += [f"{name}: response field {r!r} is not in the response schema" for r in spec.fields_read
                 if answered.get("properties") and _lacks(document, answered, r)]
    return problems


def _lacks(document: dict, schema: dict, path: str) -> bool:
    """Whether the answer's schema lacks a field read by `path`: `unread`, an object's field `totals.class_i`,
    or the field of each item of a list `items[].status`. Past an object documented without its fields (an
    open one, such as an error's details) there is nothing to check against, so nothing is lacking."""
    for part in path.split("."):
        name = part.removesuffix("[]")
        fields = _fields(document, schema)
        if fields is None:
            return False
        if name not in fields:
            return True
        schema = _followed(document, fields[name])
        if part.endswith("[]"):
            if schema.get("type") != "array":
                return True
            schema = schema.get("items", {})
    return False


def _followed(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    return schema


def _fields(document: dict, schema: dict) -> dict | None:
    """The fields of an object schema (those of every choice of a union, null aside); none for a list (read
    through `[]`) or a single value; None for an object that does not list its fields."""
    schema = _followed(document, schema)
    choices = [c for c in schema.get("anyOf", schema.get("oneOf", [])) if c.get("type") != "null"]
    if choices:
        found = [_fields(document, c) for c in choices]
        return None if None in found else {k: v for fields in found if fields for k, v in fields.items()}
    if schema.get("type") in ("array", "string", "integer", "number", "boolean"):
        return {}
    return schema.get("properties")


@pytest.fixture(scope="session")
def endpoint_problems(openapi_document) -> Callable[[type, str], list[str]]:
    """Every way a client class's methods disagree with the service's OpenAPI document (none when they agree);
    a public method without its `@endpoint` declaration is one of them."""
    def problems(client: type, service: str) -> list[str]:
        document, found = openapi_document(service), []
        for name, method in inspect.getmembers(client, inspect.iscoroutinefunction):
            spec = getattr(method, "endpoint", None)
            if name.startswith("_"):
                continue
            found += _check(document, name, spec) if spec else [f"{name}: calls no declared endpoint"]
        return found

    return problems
