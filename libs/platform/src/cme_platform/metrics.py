"""The Prometheus metrics every service exposes on /metrics.

Plumbing metrics first, then business ones. A service counts a business fact with
`uow.after_commit(...)`, so a rolled-back transaction counts nothing.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

http_requests = Counter("cme_http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"])
http_seconds = Histogram("cme_http_request_seconds", "HTTP request latency", ["service", "method", "route"])
events_handled = Counter("cme_events_handled_total", "Events a consumer processed", ["consumer", "type", "outcome"])
events_dead_lettered = Counter("cme_events_dead_lettered_total", "Events sent to a dead-letter topic", ["consumer"])
outbox_published = Counter("cme_outbox_published_total", "Outbox rows published", ["service"])
outbox_backlog = Gauge("cme_outbox_backlog", "Outbox rows not yet published", ["service"])
outbox_oldest_age = Gauge("cme_outbox_oldest_unpublished_seconds", "Age of the oldest unpublished outbox row (0: none)",
                          ["service"])
consumer_lag = Gauge("cme_consumer_lag", "Messages behind the end of the partition", ["consumer", "topic", "partition"])

# Business: what learners, clerks and reviewers did.
scans = Counter("cme_scans_total", "Scans recorded, by outcome (accepted, duplicate, refused) and reason code",
                ["outcome", "reason"])
credit_decisions = Counter("cme_credit_decisions_total", "Credits approved or rejected, by the credit's level",
                           ["decision", "level"])
certificates = Counter("cme_certificates_total", "Certificates issued or revoked", ["action"])
sign_in_failures = Counter("cme_sign_in_failures_total", "Sign-ins refused, by reason code", ["reason"])
