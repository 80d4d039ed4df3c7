"""The outbox and inbox tables every service database has.

They live in their own MetaData: services use them for DML only, and each service's first
migration creates them with `cme_platform.db.migrations.create_platform_tables`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger, Column, DateTime, Index, Integer, LargeBinary, MetaData, String, Table, Text, func, text,
)

platform_metadata = MetaData()

outbox = Table(
    "outbox",
    platform_metadata,
    Column("event_id", String(64), primary_key=True),
    Column("topic", String(200), nullable=False),
    Column("key", String(200), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.clock_timestamp()),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_error", Text),
    Column("published_at", DateTime(timezone=True)),
    # The relay's query: unpublished rows that are due, oldest first.
    Index("ix_outbox_pending", "next_attempt_at", "created_at", postgresql_where=text("published_at IS NULL")),
)
"""Events written in the business transaction, waiting for the relay to publish them."""

inbox = Table(
    "inbox",
    platform_metadata,
    Column("consumer", String(100), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("event_type", String(200), nullable=False),
    Column("handled_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""Events a consumer has handled; the primary key makes a second delivery a no-op."""

audit_chain = Table(
    "audit_chain",
    platform_metadata,
    Column("service", String(100), primary_key=True),
    Column("sequence", BigInteger, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""The head of this service's audit chain (审计链): the last sequence number and record hash.

Replicas of a service share it; the writing transaction locks the row, so records are
numbered and chained one transaction after another.
"""
