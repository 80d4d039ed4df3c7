"""Contracts evolve by adding: today's models read what the previous release wrote, and what a
later release with one more optional field will write.

`previous/` holds the event schemas as checked in at the previous release (main at db05c56;
at each release, replace them with that release's `schemas/`).
Payloads are built from each schema alone (every field, then only the required ones), checked
against that schema, and parsed with the current model, as an older or newer producer's events
would be by a consumer of this release. Making an event stays strict.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from cme_contracts import Envelope, parse_event, registered_events

PREVIOUS = Path(__file__).parent / "previous"
PREVIOUS_SCHEMAS = sorted(PREVIOUS.glob("*.json"))
ADDED_FIELD = "added_in_a_later_release"
SAMPLES = {"date-time": "2026-03-27T08:05:00+08:00", "date": "2026-03-27"}


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def example(node: dict, root: dict, *, full: bool) -> Any:
    """A value valid for this schema node: every property when full, else only the required ones."""
    node = _resolve(node, root)
    if "anyOf" in node:
        # The first branch is the non-null one pydantic writes for `X | None`.
        return example(node["anyOf"][0], root, full=full)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        names = node.get("properties", {}) if full else node.get("required", [])
        return {name: example(node["properties"][name], root, full=full) for name in names}
    if kind == "array":
        return [example(node["items"], root, full=full)] if full else []
    if kind == "string":
        return SAMPLES.get(node.get("format"), "x" * max(1, node.get("minLength", 1)))
    if kind in ("integer", "number"):
        return node.get("minimum", 1)
    if kind == "boolean":
        return True
    raise AssertionError(f"no example for schema node {node}")


def newer(schema: dict) -> dict:
    """The schema as a later release would publish it: one more optional field."""
    grown = copy.deepcopy(schema)
    grown["properties"][ADDED_FIELD] = {"type": "string", "default": "", "title": "Added In A Later Release"}
    grown.pop("additionalProperties", None)
    return grown


def _read(schema: dict, payload: dict):
    jsonschema.validate(payload, schema)  # the producer wrote what its schema allows
    envelope = Envelope(source="/cme/older-or-newer", type=_type_name(schema), data=payload)
    return parse_event(Envelope.from_bytes(envelope.to_bytes()))


def _type_name(schema: dict) -> str:
    return schema["$id"].rsplit("/", 1)[-1].removesuffix(".json")


def _load(path: Path) -> dict:
    return json.loads(path.read_text())


def test_every_previous_event_type_is_still_published():
    assert PREVIOUS_SCHEMAS, "the previous release's schemas are missing"
    assert {p.name.removesuffix(".json") for p in PREVIOUS_SCHEMAS} <= set(registered_events())


@pytest.mark.parametrize("path", PREVIOUS_SCHEMAS, ids=lambda p: p.stem)
@pytest.mark.parametrize("full", [True, False], ids=["every-field", "required-only"])
def test_payload_of_the_previous_release_is_read(path: Path, full: bool):
    schema = _load(path)
    payload = example(schema, schema, full=full)
    event = _read(schema, payload)
    assert event.model_dump(mode="json", include=set(payload)) == payload


@pytest.mark.parametrize("path", PREVIOUS_SCHEMAS, ids=lambda p: p.stem)
def test_payload_of_a_newer_release_with_an_added_field_is_read(path: Path):
    schema = newer(_load(path))
    payload = example(schema, schema, full=True)
    assert payload[ADDED_FIELD] == "x"
    event = _read(schema, payload)
    assert ADDED_FIELD not in event.model_dump(), "an unknown field is ignored, never passed on"


@pytest.mark.parametrize("name", sorted(registered_events()))
def test_every_event_of_this_release_reads_an_added_field(name: str):
    model = registered_events()[name]
    schema = newer(model.model_json_schema())
    payload = example(schema, schema, full=False) | {ADDED_FIELD: "x"}
    event = _read(schema | {"$id": f"https://cme.example.org/schemas/{name}.json"}, payload)
    assert type(event) is model and ADDED_FIELD not in event.model_dump()


@pytest.mark.parametrize("name", sorted(registered_events()))
def test_an_event_is_still_made_strictly_so_a_producers_typo_fails_at_once(name: str):
    model = registered_events()[name]
    schema = model.model_json_schema()
    payload = example(schema, schema, full=False)
    assert model.model_validate(payload) == model(**payload)
    with pytest.raises(ValidationError, match="extra_forbidden"):
        model(**payload, **{ADDED_FIELD: "x"})
