"""Input checked once, at the door of every service, before a route sees it.

PostgreSQL refuses NUL, a lone surrogate cannot be encoded, and other control characters in a
name or an id are never meant: each used to reach the database and come back as a 500. So any
text in the query, the path, a form or a JSON body holding such a character is answered 422
in the platform's error shape. Numbers are bounded where they are declared (`Year`, `Count`,
…); a number that still overflows a column is answered 422 by `errors.install`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Annotated
from urllib.parse import parse_qsl

from annotated_types import Interval
from pydantic import BeforeValidator
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# C0 and C1 controls and DEL (tab, line feed and carriage return are text), and lone surrogates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
MAX_CHECKED_BODY = 8 * 1024 * 1024  # JSON bodies are small; larger ones are refused by their routes

Year = Annotated[int, Interval(ge=1990, le=2100)]
Count = Annotated[int, Interval(ge=0, le=1_000_000)]
Seed = Annotated[int, Interval(ge=0, le=2**63 - 1)]
Hours = Annotated[float, Interval(ge=0, le=100_000)]
_WRITTEN_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")


def read_written_date(value: object) -> object:
    """A date as people write it (2021年5月1日, 2021/5/1, 2021.5.1, full-width digits) in ISO form.

    Anything else is left for the date type to judge (and refuse in Chinese).
    """
    if not isinstance(value, str):
        return value
    match = _WRITTEN_DATE.fullmatch(unicodedata.normalize("NFKC", value).strip())
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else value


# A date typed by a person: ISO, or as written in Chinese documents.
WrittenDate = Annotated[date, BeforeValidator(read_written_date)]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _refusal(where: str) -> JSONResponse:
    return JSONResponse({"error": {"code": "request.invalid_characters", "message": "请求内容含有不允许的控制字符",
                                   "details": {"where": where}}}, status_code=422)


def _bad_text(texts: Iterator[str]) -> bool:
    return any(FORBIDDEN.search(text) for text in texts)


class InputGuardMiddleware:
    """Refuses (422) requests whose query, path, form or JSON text holds control characters."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("utf-8", "surrogateescape")
        pairs = parse_qsl(query, keep_blank_values=True, errors="surrogateescape")
        if _bad_text(iter([scope["path"], *(t for pair in pairs for t in pair)])):
            await _refusal("query")(scope, receive, send)
            return
        kind = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip().lower()
        if kind not in (b"application/json", b"application/x-www-form-urlencoded"):
            await self.app(scope, receive, send)
            return
        body, replay = await _read(receive)
        if body is not None and _bad_body(kind, body):
            await _refusal("body")(scope, replay, send)
            return
        await self.app(scope, replay, send)


def _bad_body(kind: bytes, body: bytes) -> bool:
    text = body.decode("utf-8", "surrogateescape")
    if kind == b"application/x-www-form-urlencoded":
        return _bad_text(t for pair in parse_qsl(text, keep_blank_values=True, errors="surrogateescape") for t in pair)
    try:
        return _bad_text(_strings(json.loads(text)))
    except ValueError:
        return False  # not JSON: the route answers that in its own words


async def _read(receive: Receive) -> tuple[bytes | None, Receive]:
    """The body (None when larger than checked) and a receive that hands it on unchanged."""
    messages: list[Message] = []
    size, more = 0, True
    while more and size <= MAX_CHECKED_BODY:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        more = message.get("more_body", False)

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    complete = not more and size <= MAX_CHECKED_BODY
    return (b"".join(m.get("body", b"") for m in messages) if complete else None), replay
