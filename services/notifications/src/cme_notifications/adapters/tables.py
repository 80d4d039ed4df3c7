"""The notifications service's own tables (its database, its migrations)."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

messages = Table(
    "messages",
    metadata,
    Column("message_id", String(36), primary_key=True),
    # Event id (or reminder and day) plus recipient: the second write of the same notice is refused here.
    Column("key", String(300), nullable=False, unique=True),
    Column("recipient_kind", String(20), nullable=False),
    Column("recipient_key", String(64), nullable=False),
    Column("category", String(60), nullable=False),
    Column("title", String(100), nullable=False),
    Column("body", Text, nullable=False),
    Column("link", String(300), nullable=False),
    Column("jurisdiction", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("read_at", DateTime(timezone=True)),
    Index("ix_messages_recipient", "recipient_kind", "recipient_key", "created_at"),
)
"""The message centre (站内消息): one row per notice and recipient."""

deliveries = Table(
    "deliveries",
    metadata,
    Column("delivery_id", String(36), primary_key=True),
    Column("message_id", String(36), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("address", String(100), nullable=False),
    Column("status", String(10), nullable=False),  # pending, sent, failed
    Column("not_before", DateTime(timezone=True), nullable=False),  # end of the quiet hours
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("sent_at", DateTime(timezone=True)),
    Column("last_error", Text),
    UniqueConstraint("message_id", "channel", "address"),
    Index("ix_deliveries_due", "status", "not_before"),
)
"""Messages to send by SMS or WeChat, written with the message and sent by the dispatcher."""

preferences = Table(
    "preferences",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("channels", JSONB, nullable=False),
    Column("quiet_start", Time),
    Column("quiet_end", Time),
    Column("phone", String(20)),
    Column("wechat_openid", String(64)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
"""Each person's channels and quiet hours."""

preference_addresses = Table(
    "preference_addresses",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("key", String(64), primary_key=True),
    Index("ix_preference_addresses_address", "kind", "key"),
)
"""The addresses a person's token carried when they saved preferences: whose messages reach them."""

held_sessions = Table(
    "held_sessions",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("project_number", String(100), nullable=False),
    Column("project_name", String(300), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("end_date", Date, nullable=False),
    Column("reported_at", DateTime(timezone=True)),
)
"""Approved sessions whose execution report is owed (read model for the report reminders)."""

waiting_applications = Table(
    "waiting_applications",
    metadata,
    Column("application_id", String(64), primary_key=True),
    Column("project_number", String(100), nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("owner_id", String(64), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
)
"""Hold applications waiting for the office (read model for the office's reminders)."""

credit_ledger = Table(
    "credit_ledger",
    metadata,
    Column("credit_id", String(64), primary_key=True),
    Column("id_number", String(32), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("credit_class", String(4), nullable=False),
    Column("credits", Numeric(6, 2), nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("revoked", Boolean, nullable=False, server_default="false"),
)
"""Approved credits per learner (read model for the compliance warnings)."""

learners = Table(
    "learners",
    metadata,
    Column("id_number", String(32), primary_key=True),
    Column("jurisdiction", String(40), nullable=False),
)
"""Learners whose registration was approved: warned in the fourth quarter even with no credit yet."""
