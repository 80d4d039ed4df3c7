"""Error responses: a stable code for systems, a Chinese message for people."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError

from cme_platform.errors import DomainError


async def _domain_error(_: Request, error: DomainError) -> JSONResponse:
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(error.to_dict(), status_code=error.status_code, headers=headers)


async def _validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    fields = [
        {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "problem": e["msg"], "type": e["type"]}
        for e in error.errors()
    ]
    names = "、".join(f["field"] or "请求体" for f in fields)
    body = {"error": {"code": "request.invalid", "message": f"请求内容有误：{names}", "details": {"fields": fields}}}
    return JSONResponse(body, status_code=422)


async def _data_error(_: Request, error: DataError) -> JSONResponse:
    # A value the declared bounds let through but a column cannot hold (an integer beyond
    # 64 bits, say): the caller's input, so a 422 rather than a 500.
    body = {"error": {"code": "request.out_of_range", "message": "请求内容超出允许的范围", "details": {}}}
    return JSONResponse(body, status_code=422)


def install(app: FastAPI) -> None:
    """Register the platform's error handlers on an app."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DataError, _data_error)
