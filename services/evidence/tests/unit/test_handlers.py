"""The evidence consumer's table: what it answers, it subscribes to."""

from cme_contracts.events import CreditEntered, HoldApplicationApproved, HoldApplicationSubmitted
from cme_evidence.service_layer import handlers


def test_the_events_that_name_evidence_are_answered():
    assert {HoldApplicationSubmitted, HoldApplicationApproved, CreditEntered} <= set(handlers.HANDLERS)


def test_every_event_answered_travels_on_a_topic_the_consumer_subscribes_to():
    for event_type in handlers.HANDLERS:
        assert event_type.topic in handlers.TOPICS, event_type.type_name()
