"""The handler table answers every event the service is meant to tell people about, on the
topics it consumes."""

from __future__ import annotations

from cme_contracts import events as e
from cme_notifications.service_layer.handlers import HANDLERS, TOPICS

TOLD = {e.HoldApplicationApproved, e.HoldApplicationReturned, e.ExecutionReported, e.CreditApproved,
        e.CreditRejected, e.CreditRevoked, e.CertificateIssued, e.CertificateRevoked, e.EvidenceRefused,
        e.AccountApproved, e.AccountRejected}


def test_every_event_people_are_told_about_has_a_handler():
    assert TOLD <= set(HANDLERS)


def test_every_handled_event_travels_on_a_consumed_topic():
    assert {event.topic for event in HANDLERS} <= set(TOPICS)
