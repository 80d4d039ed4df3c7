"""Plumbing shared by every CME service, written once.

- `settings`: environment settings with one prefix (`CME_`) and one-line configuration errors.
- `logging`, `context`: JSON logs carrying the correlation id of the current request or event.
- `db`: async engine, unit of work, the outbox and inbox tables, Alembic helpers.
- `messaging`: Kafka producer, outbox relay, idempotent consumer with retries and dead letters.
- `web`: the FastAPI app factory with health, readiness, metrics and error handling.
- `devstack`: real PostgreSQL, Redis, Kafka-protocol and S3 servers from packages, for dev and tests.
"""
