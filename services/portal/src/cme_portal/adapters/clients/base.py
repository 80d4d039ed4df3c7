"""What every client of the portal shares: the answer shape, the declared endpoint, the call.

Each client method is one API call declared with `@endpoint(...)`: its method and path as the
service's OpenAPI document names them, the query and body fields it may send, and the response
fields the pages read. The declaration is checked twice: here, each call refuses to send a field
it did not declare; and in the tests, every declaration is checked against the service's
`app.openapi()`, so a path or field that a service does not have fails a test, not a page.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

T = TypeVar("T")
P = ParamSpec("P")
C = TypeVar("C", bound="ServiceClient")
# A client method as written (handed its Endpoint first) and as called (without it).
Declared = Callable[Concatenate[C, "Endpoint", P], Awaitable[T]]
Callable_ = Callable[Concatenate[C, P], Awaitable[T]]
UNAVAILABLE = "相关服务暂时不可用，请稍后再试"


@dataclass
class Answer(Generic[T]):
    """What another service answered: its JSON, or the Chinese reason it could not be had."""

    data: T | None = None
    error: str | None = None
    # Each problem of a refusal ({code or field, message}), for a form to place under its fields.
    problems: list[dict[str, str]] = field(default_factory=list)
    status: int = 200
    retry_after: str | None = None  # a limit's Retry-After, for a page to say the same
    refusal: dict[str, Any] | None = None  # the service's error object as sent ({code, message, details})

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def value(self) -> T:
        """The answer's data; only to be asked of an answer that is `ok`."""
        if self.error is not None or self.data is None:
            raise LookupError(f"no value in a refused answer: {self.error}")
        return self.data


@dataclass(frozen=True)
class Endpoint:
    """One operation of a service's API as a client method uses it."""

    method: str
    path: str  # the OpenAPI path template, e.g. /api/projects/{project_id}/hold-applications
    query: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    # The response fields the portal reads: `unread`, an object's field `totals.class_i`, the field of each
    # item of a list `items[].status` (of an answer that is a list, its items' fields).
    reads: tuple[str, ...] = ()
    result: Any = None  # the type the JSON is read into (a pydantic model, list of one); None keeps the JSON

    @property
    def fields_read(self) -> tuple[str, ...]:
        """What the portal reads of the answer: the declared fields and those of a model it is read into."""
        model = self.result.__args__[0] if getattr(self.result, "__origin__", None) is list else self.result
        typed = tuple(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else ()
        return self.reads + typed


def endpoint(method: str, path: str, *, query: tuple[str, ...] = (), body: tuple[str, ...] = (),
             reads: tuple[str, ...] = (), result: Any = None
             ) -> Callable[[Declared[C, P, T]], Callable_[C, P, T]]:
    """Declare the operation a client method calls; the method is handed it as its first argument."""
    spec = Endpoint(method, path, query, body, reads, result)

    def declare(method_: Declared[C, P, T]) -> Callable_[C, P, T]:
        @functools.wraps(method_)
        async def call(self: C, *args: P.args, **kwargs: P.kwargs) -> T:
            return await method_(self, spec, *args, **kwargs)

        call.endpoint = spec  # type: ignore[attr-defined]  # read by the OpenAPI check
        return call

    return declare


class ServiceClient:
    """Calls one service's API through the front door, as the signed-in person (their cookie token)."""

    def __init__(self, http: httpx.AsyncClient, token: str | None, forwarded_for: str | None = None):
        self._http = http
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        if forwarded_for:  # the person's address, for the limits a service keeps per address
            self._headers["X-Forwarded-For"] = forwarded_for

    async def _call(self, spec: Endpoint, *, path: dict[str, str] | None = None,
                    params: dict[str, Any] | None = None, json: Any = None) -> Answer[Any]:
        sent = set(params or ()) - set(spec.query)
        undeclared = sent | (set(json) - set(spec.body) if isinstance(json, dict) else set())
        if undeclared:
            raise TypeError(f"{spec.method} {spec.path} sends undeclared fields {sorted(undeclared)}")
        url = spec.path.format(**(path or {}))
        try:
            response = await self._http.request(spec.method, url, params=params, json=json, headers=self._headers)
        except httpx.HTTPError:
            return Answer(error=UNAVAILABLE, status=503,
                          refusal={"code": "service.unavailable", "message": UNAVAILABLE})
        return _answer(spec, response)


def _answer(spec: Endpoint, response: httpx.Response) -> Answer[Any]:
    if response.status_code == 204:
        return Answer(data={}, status=204)
    try:
        body = response.json()
    except ValueError:
        return Answer(error=f"相关服务返回了无法识别的内容（{response.status_code}）", status=response.status_code)
    if response.status_code >= 400:
        refusal = body.get("error", {}) if isinstance(body, dict) else {}
        message = refusal.get("message") or f"请求失败（{response.status_code}）"
        return Answer(error=message, problems=_problems(refusal, message), status=response.status_code,
                      retry_after=response.headers.get("Retry-After"), refusal=refusal or None)
    if spec.result is None:
        return Answer(body, status=response.status_code)
    try:
        return Answer(TypeAdapter(spec.result).validate_python(body), status=response.status_code)
    except ValidationError:
        return Answer(error=f"相关服务返回了无法识别的内容（{response.status_code}）", status=502)


def _problems(refusal: dict, message: str) -> list[dict[str, str]]:
    # A request the API could not read names its fields (`body.phone` read as `phone`); a domain
    # refusal names its problems, or is one problem under its code.
    details = refusal.get("details") or {}
    if details.get("fields"):
        return [{"field": f["field"].rpartition(".")[2], "message": f["problem"]} for f in details["fields"]]
    return details.get("problems") or [{"code": refusal.get("code", ""), "message": message}]
