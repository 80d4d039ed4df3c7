"""Database plumbing: engine, unit of work, outbox and inbox tables, migrations."""

from cme_platform.db.engine import create_engine, session_factory
from cme_platform.db.repository import Repository
from cme_platform.db.tables import inbox, outbox, platform_metadata
from cme_platform.db.uow import UnitOfWork

__all__ = ["Repository", "UnitOfWork", "create_engine", "inbox", "outbox", "platform_metadata", "session_factory"]
