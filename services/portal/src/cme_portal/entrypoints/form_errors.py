"""Where each problem of a refused form is shown: under the field it concerns, or at the top when it
concerns no field (a wrong password pair, a service that is down)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cme_platform.errors import DomainError
from cme_portal.adapters.clients import Answer


@dataclass
class FormErrors:
    """The Chinese sentences of one refused form: by field name, and those belonging to no field."""

    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def problems_of(error: DomainError) -> list[dict[str, str]]:
    """Each problem a refusal names: all of them when the form was checked at once, else the one."""
    return error.details.get("problems") or [{"code": error.code, "message": error.message}]


def place(problems: list[dict[str, str]], fields: Mapping[str, str]) -> FormErrors:
    """Sort problems under the form's fields; `fields` maps an error code or an API field to a form field."""
    placed = FormErrors()
    for problem in problems:
        name = fields.get(problem.get("code", "")) or fields.get(problem.get("field", ""))
        if name is None:
            placed.general.append(problem["message"])
        else:  # two problems of one field (a password both short and taken) are both said
            placed.fields[name] = "；".join(filter(None, (placed.fields.get(name), problem["message"])))
    return placed


def refused(error: DomainError, fields: Mapping[str, str]) -> FormErrors:
    """A service-layer refusal placed on the form."""
    return place(problems_of(error), fields)


def answered(answer: Answer[Any], fields: Mapping[str, str]) -> FormErrors:
    """Another service's refusal placed on the form; a service that did not answer is said at the top."""
    return place(answer.problems or [{"message": answer.error or ""}], fields)
