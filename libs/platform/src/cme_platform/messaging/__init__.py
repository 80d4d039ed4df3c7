"""Kafka plumbing: producer, outbox relay, idempotent consumer, topic administration."""

from cme_platform.messaging.consumer import EventConsumer
from cme_platform.messaging.handlers import Batched, Handler
from cme_platform.messaging.kafka import create_producer, ensure_topics
from cme_platform.messaging.relay import OutboxRelay

__all__ = ["Batched", "EventConsumer", "Handler", "OutboxRelay", "create_producer", "ensure_topics"]
