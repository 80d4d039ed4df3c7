"""Error responses: a stable code for systems, a Chinese message for people."""

from __future__ import annotations

import logging
from typing import TypeVar

import asyncpg
import redis.exceptions
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from cme_platform.errors import DomainError
from cme_platform.web.problems import chinese_problem

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# What a request meets while PostgreSQL, the broker or Redis restarts or is unreachable:
# a refused or dropped connection, a server that is starting or shutting down, a timeout.
UNAVAILABLE: tuple[type[Exception], ...] = (
    ConnectionError,
    TimeoutError,
    OperationalError,
    InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.InterfaceError,
    KafkaConnectionError,
    KafkaTimeoutError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)

E = TypeVar("E", bound=Exception)


def _as(error: Exception, kind: type[E]) -> E:
    """The error as the class its handler is registered for. Starlette picks a handler by the
    error's class (Starlette's signature says only `Exception`), so anything else is re-raised."""
    if not isinstance(error, kind):
        raise error
    return error


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    error = _as(exc, DomainError)
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(error.to_dict(), status_code=error.status_code, headers=headers)


# What people and systems are told when no route answers (FastAPI would say {"detail": "Not Found"}).
HTTP_MESSAGES = {404: "找不到该页面或接口，请检查地址", 405: "该地址不支持这种请求方式"}
_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{message}</title>
<style>body{{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f3f5f8}}
main{{max-width:36rem;margin:4rem auto;padding:1.5rem;background:#fff;border-radius:8px}}
h1{{font-size:1.3rem;color:#0d47a1}}a{{color:#0d47a1}}</style></head>
<body><main><h1>{message}</h1><p>错误代码 {status}。<a href="/">返回首页</a></p></main></body></html>"""


def _wants_page(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/api/")


async def _http_error(request: Request, exc: Exception) -> Response:
    error = _as(exc, StarletteHTTPException)
    message = HTTP_MESSAGES.get(error.status_code, "请求无法处理")
    if _wants_page(request):
        return HTMLResponse(_PAGE.format(message=message, status=error.status_code), status_code=error.status_code,
                            headers=error.headers)
    body = {"error": {"code": f"http.{error.status_code}", "message": message, "details": {"path": request.url.path}}}
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    error = _as(exc, RequestValidationError)
    fields = [
        {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "problem": chinese_problem(e), "type": e["type"]}
        for e in error.errors()
    ]
    names = "、".join(f"{f['field'] or '请求体'}（{f['problem']}）" for f in fields)
    body = {"error": {"code": "request.invalid", "message": f"请求内容有误：{names}", "details": {"fields": fields}}}
    return JSONResponse(body, status_code=422)


async def _data_error(_: Request, error: Exception) -> JSONResponse:
    # A value the declared bounds let through but a column cannot hold (an integer beyond
    # 64 bits, say): the caller's input, so a 422 rather than a 500.
    body = {"error": {"code": "request.out_of_range", "message": "请求内容超出允许的范围", "details": {}}}
    return JSONResponse(body, status_code=422)


def unavailable_body(dependency: str) -> dict:
    """The 503 body: the platform's error shape, saying which dependency and when to retry."""
    return {
        "error": {
            "code": "service.unavailable",
            "message": "服务暂时不可用（数据库或消息服务正在恢复），请稍后重试",
            "details": {"dependency": dependency, "retry_after_seconds": RETRY_AFTER_SECONDS},
        }
    }


async def _unavailable(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, DBAPIError) and not isinstance(error, (OperationalError, InterfaceError)) \
            and not error.connection_invalidated:
        return await _internal_error(request, error)  # a programming or data error, not an outage
    dependency = _dependency(error)
    log.warning("dependency unavailable", extra={"dependency": dependency, "error": repr(error)[:300],
                                                 "path": request.url.path})
    return JSONResponse(unavailable_body(dependency), status_code=503,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _dependency(error: Exception) -> str:
    if isinstance(error, (KafkaConnectionError, KafkaTimeoutError)):
        return "kafka"
    if isinstance(error, redis.exceptions.RedisError):
        return "redis"
    return "database"


async def _internal_error(_: Request, error: Exception) -> JSONResponse:
    # Starlette logs the traceback after this answer; people get the platform's shape, not plain text.
    body = {"error": {"code": "internal.error", "message": "服务内部错误，请稍后重试或联系管理员", "details": {}}}
    return JSONResponse(body, status_code=500)


def install(app: FastAPI) -> None:
    """Register the platform's error handlers on an app."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for kind in UNAVAILABLE:
        app.add_exception_handler(kind, _unavailable)
    app.add_exception_handler(DataError, _data_error)  # more specific than DBAPIError: the caller's input
    app.add_exception_handler(DBAPIError, _unavailable)
    app.add_exception_handler(Exception, _internal_error)
