"""The published language: envelope round trips, registry, and no drift from checked-in schemas."""

from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from cme_contracts import Envelope, parse_event, registered_events, topics
from cme_contracts.events import CheckedIn, ScanMethod
from cme_contracts.generate import drift, rendered_files

CONTRACTS = Path(__file__).resolve().parents[1]


def _checked_in() -> CheckedIn:
    now = datetime(2026, 3, 27, 8, 5, tzinfo=UTC)
    return CheckedIn(
        scan_id="s-1",
        session_id="sess-1",
        project_number="2021-03-05-129（国）",
        id_number="11010519491231002X",
        scanned_at=now,
        received_at=now,
        method=ScanMethod.QR,
    )


class TestEnvelope:
    def test_round_trip_keeps_payload_and_extension_attributes(self):
        event = _checked_in()
        env = Envelope(
            source="/cme/attendance", type=event.type_name(), data=event.model_dump(mode="json"), correlationid="c-1"
        )
        back = Envelope.from_bytes(env.to_bytes())
        assert back.id == env.id and back.correlationid == "c-1"
        assert parse_event(back) == event

    def test_unknown_type_is_named(self):
        env = Envelope(source="/x", type="cme.nope.Nothing.v1")
        with pytest.raises(KeyError, match="cme.nope.Nothing.v1"):
            parse_event(env)

    def test_payload_that_does_not_fit_is_refused(self):
        env = Envelope(source="/x", type=CheckedIn.type_name(), data={"scan_id": "s"})
        with pytest.raises(ValidationError):
            parse_event(env)


class TestRegistry:
    def test_design_events_are_published(self):
        names = set(registered_events())
        for needed in ("CheckedIn", "CheckedOut", "ExecutionReported", "CreditApproved"):
            assert any(f".{needed}.v" in n for n in names), needed

    def test_every_event_declares_topic_and_key(self):
        for model in registered_events().values():
            assert model.topic and model.key_field in model.model_fields


class TestSchemas:
    def test_checked_in_schemas_match_the_models(self):
        assert drift(CONTRACTS) == [], "run `make contracts` and commit the result"

    def test_payload_validates_against_its_schema(self):
        schema = yaml.safe_load(rendered_files()[f"schemas/{CheckedIn.type_name()}.json"])
        jsonschema.validate(_checked_in().model_dump(mode="json"), schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"scan_id": 1}, schema)

    def test_asyncapi_lists_every_event_under_its_topic(self):
        doc = yaml.safe_load((CONTRACTS / "asyncapi.yaml").read_text())
        assert doc["asyncapi"].startswith("3.")
        addresses = {c["address"]: c for c in doc["channels"].values()}
        for model in registered_events().values():
            assert f"{model.__name__}V{model.version}" in addresses[model.topic]["messages"]


class TestAsyncApiFromTheOutside:
    """What organizers' systems and other consumers read in asyncapi.yaml."""

    doc = yaml.safe_load((CONTRACTS / "asyncapi.yaml").read_text())

    def operations_on(self, address: str) -> list[str]:
        [channel_id] = [k for k, c in self.doc["channels"].items() if c["address"] == address]
        return [
            o["action"] for o in self.doc["operations"].values() if o["channel"]["$ref"] == f"#/channels/{channel_id}"
        ]

    def test_the_scan_ingest_topic_is_one_the_platform_receives(self):
        assert self.operations_on(topics.SCAN_INGEST) == ["receive"]
        assert self.operations_on(topics.ATTENDANCE) == ["send"]

    def test_every_dead_letter_topic_is_documented_with_why_a_record_was_refused(self):
        for address in topics.DEAD_LETTERS:
            assert self.operations_on(address) == ["send"]
        message = self.doc["components"]["messages"]["DeadLetter"]
        assert "dlt-reason" in message["headers"]["required"]

    def test_the_envelope_requires_what_cloudevents_requires(self):
        required = set(self.doc["components"]["schemas"]["Envelope"]["required"])
        assert {"id", "source", "type", "specversion"} <= required
        assert {"id", "source", "type", "specversion"} <= set(
            yaml.safe_load(rendered_files()["schemas/envelope.json"])["required"])


def test_a_received_envelope_without_an_id_is_refused():
    raw = b'{"specversion": "1.0", "source": "/device", "type": "cme.attendance.ScanRecordSubmitted.v1", "data": {}}'
    with pytest.raises(ValueError, match="id"):
        Envelope.from_bytes(raw)
