"""The OpenAPI document as the services really answer: the platform's error shape, the 4xx
each operation can give, and an example of every request body.

FastAPI documents its own `{"detail": [...]}` validation error; every service answers
`{"error": {"code", "message", "details"}}` instead (web/errors.py), so the document is
corrected once here, for every service, from what each route depends on.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import _get_api_route_for_openapi, get_openapi  # the route walk get_openapi uses
from fastapi.routing import APIRoute

from cme_platform import auth

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "stable, machine-readable (e.g. `credit.not_found`)"},
                "message": {"type": "string", "description": "a Chinese sentence for people"},
                "details": {
                    "type": "object",
                    "description": "the values the message names (for 422 from validation: `fields`)",
                },
            },
        }
    },
}
DESCRIPTIONS = {
    "401": "未登录或令牌无效 (no or invalid token)",
    "403": "当前角色或范围无权执行此操作 (role or scope not allowed)",
    "404": "对象不存在 (not found)",
    "422": "请求内容有误或被业务规则拒绝 (invalid request or refused by a rule)",
    "503": "数据库或消息服务暂不可用，见 Retry-After (a dependency is unavailable)",
}


def install(app: FastAPI) -> None:
    """Make `app.openapi()` return the corrected document (built once, then cached)."""
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, routes=app.routes)
            correct(document, api_routes(app))
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi


def api_routes(app: FastAPI) -> list[APIRoute]:
    """Every API route, including those of included routers (which FastAPI keeps nested)."""
    found = (_get_api_route_for_openapi(context) for context in routing.iter_route_contexts(app.routes))
    return [route for route in found if route is not None]


def correct(document: dict[str, Any], routes: list[APIRoute]) -> None:
    """Replace FastAPI's error schemas with the platform's and add each operation's 4xx and examples."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components["Error"] = ERROR_SCHEMA
    for route in routes:
        for method in route.methods:
            operation = document.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if operation is not None:
                _correct_operation(operation, route, components)


def _correct_operation(operation: dict, route: APIRoute, components: dict) -> None:
    responses = operation.setdefault("responses", {})
    for status in _error_statuses(route):
        responses[status] = {"description": DESCRIPTIONS[status],
                             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    responses["503"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "秒"}}
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        if "example" not in media and "examples" not in media and "schema" in media:
            media["example"] = example(media["schema"], components)


def _error_statuses(route: APIRoute) -> list[str]:
    calls = _calls(route.dependant)
    statuses = ["422", "503"]
    if auth.current_principal in calls or any(_is_role_check(c) for c in calls):
        statuses.append("401")
    if any(_is_role_check(c) for c in calls):
        statuses.append("403")
    if route.dependant.path_params:
        statuses.append("404")
    return sorted(statuses)


def _calls(dependant: Dependant) -> list:
    found = []
    for sub in dependant.dependencies:
        found.append(sub.call)
        found.extend(_calls(sub))
    return found


def _is_role_check(call) -> bool:
    return getattr(call, "__qualname__", "").startswith(f"{auth.require_roles.__name__}.")


def example(schema: dict, components: dict, depth: int = 0) -> Any:
    """A plausible value for a JSON Schema: its own example or default, else one made from its type."""
    if "$ref" in schema:
        return example(components.get(schema["$ref"].rsplit("/", 1)[-1], {}), components, depth + 1)
    for key in ("example", "default", "const"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            choices = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example(choices[0], components, depth + 1)
    return _by_type(schema, components, depth)


def _by_type(schema: dict, components: dict, depth: int) -> Any:
    kind = schema.get("type", "object")
    if kind == "object":
        if depth > 6:
            return {}
        return {name: example(prop, components, depth + 1) for name, prop in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema.get("items", {}), components, depth + 1)]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    formats = {"date": "2026-05-10", "date-time": "2026-05-10T09:00:00+08:00", "email": "user@example.org",
               "uri": "https://cme.example.org/"}
    return formats.get(schema.get("format"), "string")
