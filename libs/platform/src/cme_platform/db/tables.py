"""The outbox and inbox tables every service database has.

They live in their own MetaData: services use them for DML only, and each service's first
migration creates them with `cme_platform.db.migrations.create_platform_tables`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

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

Only the service's sealer (one replica at a time) moves it, so records are numbered and
chained one after another without the writing transactions taking turns.
"""

audit_entry = Table(
    "audit_entry",
    platform_metadata,
    Column("position", BigInteger, Identity(always=True), primary_key=True),
    Column("service", String(100), nullable=False),
    # The writing transaction's id: the sealer takes only entries of transactions older than
    # every one still running, so a late commit can never slip under a sealed sequence number.
    Column("txid", BigInteger, nullable=False, server_default=text("pg_current_xact_id()::text::bigint")),
    Column("entry", JSONB, nullable=False),
    Index("ix_audit_entry_order", "service", "txid", "position"),
)
"""Audit entries written in the business transaction, waiting for the sealer to chain and sign them."""
