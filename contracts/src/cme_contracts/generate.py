"""Generate the checked-in JSON Schemas and AsyncAPI document from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from cme_contracts import topics
from cme_contracts.base import IntegrationEvent
from cme_contracts.envelope import Envelope
from cme_contracts.registry import registered_events

TOPIC_DESCRIPTIONS = {
    topics.PROJECTS: "Projects published, hold applications submitted, approved, returned. Key: project_id.",
    topics.ATTENDANCE: "Check-ins, check-outs and execution reports. Key: session_id.",
    topics.SCAN_INGEST: "Inbound raw scans from swipe devices and organizers' systems. Key: session_id.",
    topics.CREDITS: (
        "Credits entered by hand, approved, rejected, revoked. Key: id_number (one person's credits in order)."
    ),
    topics.EVIDENCE: "Evidence files stored and attached to the records they support. Key: evidence_id.",
    topics.CERTIFICATES: "Certificates issued and revoked. Key: id_number.",
    topics.IDENTITY: "Registrations approved or rejected by the unit. Key: account_id.",
    topics.AUDIT: "Signed, hash-chained audit records for regulators. Key: the producing service.",
}


def event_schema(model: type[IntegrationEvent]) -> dict[str, Any]:
    """The JSON Schema of one event's payload, self-contained."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://cme.example.org/schemas/{model.type_name()}.json"
    schema["x-topic"] = model.topic
    schema["x-partition-key"] = model.key_field
    return schema


# CloudEvents 1.0 requires these of every event; the model fills `id` and `specversion` in
# when the platform builds an envelope, and refuses a received one that lacks them.
REQUIRED_ATTRIBUTES = ("id", "source", "specversion", "type")

DEAD_LETTER_HEADERS = {
    "type": "object",
    "required": ["dlt-reason", "dlt-topic", "dlt-partition", "dlt-offset", "dlt-consumer"],
    "properties": {
        "dlt-reason": {
            "type": "string",
            "description": "Why the record was refused: a validation error or the last handler failure.",
        },
        "dlt-topic": {"type": "string", "description": "The topic the record was read from."},
        "dlt-partition": {"type": "string", "description": "Its partition there (decimal)."},
        "dlt-offset": {"type": "string", "description": "Its offset there (decimal)."},
        "dlt-consumer": {"type": "string", "description": "The consumer group that refused it."},
    },
}


def _envelope_model_schema(**kwargs: Any) -> dict[str, Any]:
    schema = Envelope.model_json_schema(**kwargs)
    schema["required"] = sorted(set(schema.get("required", [])) | set(REQUIRED_ATTRIBUTES))
    return schema


def envelope_schema() -> dict[str, Any]:
    """The JSON Schema of the envelope every message is wrapped in."""
    schema = _envelope_model_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cme.example.org/schemas/envelope.json"
    return schema


def _message(model: type[IntegrationEvent]) -> dict[str, Any]:
    return {
        "name": model.type_name(),
        "title": model.__name__,
        "summary": (model.__doc__ or "").strip().splitlines()[0],
        "contentType": "application/cloudevents+json",
        "payload": {
            "allOf": [
                {"$ref": "#/components/schemas/Envelope"},
                {
                    "properties": {
                        "type": {"const": model.type_name()},
                        "data": {"$ref": f"#/components/schemas/{model.__name__}V{model.version}"},
                    }
                },
            ]
        },
        "bindings": {"kafka": {"key": {"type": "string", "description": f"payload field `{model.key_field}`"}}},
        "x-partition-key": model.key_field,
    }


def asyncapi_document() -> dict[str, Any]:
    """An AsyncAPI 3.0 document of every topic, its messages and partition keys."""
    events = sorted(registered_events().values(), key=lambda m: m.type_name())
    schemas: dict[str, Any] = {"Envelope": _envelope_model_schema(ref_template="#/components/schemas/{model}")}
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for model in events:
        name = f"{model.__name__}V{model.version}"
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
        messages[name] = _message(model)
    for topic in topics.ALL:
        channel_id = topic.replace(".", "_")
        names = [f"{m.__name__}V{m.version}" for m in events if m.topic == topic]
        channels[channel_id] = {
            "address": topic,
            "description": TOPIC_DESCRIPTIONS[topic],
            "messages": {n: {"$ref": f"#/components/messages/{n}"} for n in names},
            "bindings": {"kafka": {"partitions": topics.PARTITIONS}},
        }
        if topic == topics.SCAN_INGEST:
            # Devices and organizers' systems produce here; the platform is the one receiving.
            operations[f"receive_{channel_id}"] = {"action": "receive", "channel": {"$ref": f"#/channels/{channel_id}"}}
        elif names:
            operations[f"publish_{channel_id}"] = {"action": "send", "channel": {"$ref": f"#/channels/{channel_id}"}}
    _add_dead_letters(channels, operations, messages)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "CME credit platform events",
            "version": "1.0.0",
            "description": (
                "Every message is a CloudEvents 1.0 envelope (structured JSON) whose `data` is the payload below."
            ),
        },
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def _add_dead_letters(channels: dict, operations: dict, messages: dict) -> None:
    """The dead-letter topics: what a consumer refused, with why, for the systems that sent it."""
    messages["DeadLetter"] = {
        "name": "DeadLetter",
        "title": "A refused record",
        "summary": "A record a consumer could not handle after its retries, exactly as it was received.",
        "description": "The value is the original record unchanged (normally an Envelope, but possibly not JSON at "
                       "all: that may be why it was refused); the key is the original key. The headers say why and "
                       "where it came from. Replayed ones are recorded on `cme.dlt.replayed` (see `cme-dlt`).",
        "headers": DEAD_LETTER_HEADERS,
        "payload": {"description": "The original record's bytes."},
    }
    for consumer, topic in zip(topics.CONSUMERS, topics.DEAD_LETTERS, strict=True):
        channel_id = topic.replace(".", "_")
        channels[channel_id] = {
            "address": topic,
            "description": f"Records the `{consumer}` consumer refused, with the reason in `dlt-reason`. "
                           "Organizers' systems read it to learn why a scan record they produced was not taken.",
            "messages": {"DeadLetter": {"$ref": "#/components/messages/DeadLetter"}},
            "bindings": {"kafka": {"partitions": topics.PARTITIONS}},
        }
        operations[f"dead_letter_{channel_id}"] = {"action": "send", "channel": {"$ref": f"#/channels/{channel_id}"}}


def rendered_files() -> dict[str, str]:
    """Path (relative to the contracts folder) → content of every generated file."""
    files = {"schemas/envelope.json": _json(envelope_schema())}
    for type_name, model in registered_events().items():
        files[f"schemas/{type_name}.json"] = _json(event_schema(model))
    files["asyncapi.yaml"] = yaml.safe_dump(asyncapi_document(), allow_unicode=True, sort_keys=False, width=120)
    return files


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def drift(root: Path) -> list[str]:
    """Generated files whose checked-in copy is missing or differs."""
    stale = [p for p, text in rendered_files().items() if not (root / p).exists() or (root / p).read_text() != text]
    known = set(rendered_files())
    extra = [
        str(p.relative_to(root)) for p in (root / "schemas").glob("*.json") if str(p.relative_to(root)) not in known
    ]
    return stale + extra


def write(root: Path) -> None:
    """Write every generated file under root, removing schemas no model produces."""
    files = rendered_files()
    for path in (root / "schemas").glob("*.json"):
        if str(path.relative_to(root)) not in files:
            path.unlink()
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
