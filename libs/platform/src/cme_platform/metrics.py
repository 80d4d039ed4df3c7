"""The Prometheus metrics every service exposes on /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

http_requests = Counter("cme_http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"])
http_seconds = Histogram("cme_http_request_seconds", "HTTP request latency", ["service", "method", "route"])
events_handled = Counter("cme_events_handled_total", "Events a consumer processed", ["consumer", "type", "outcome"])
events_dead_lettered = Counter("cme_events_dead_lettered_total", "Events sent to a dead-letter topic", ["consumer"])
outbox_published = Counter("cme_outbox_published_total", "Outbox rows published", ["service"])
outbox_backlog = Gauge("cme_outbox_backlog", "Outbox rows not yet published", ["service"])
consumer_lag = Gauge("cme_consumer_lag", "Messages behind the end of the partition", ["consumer", "topic", "partition"])
