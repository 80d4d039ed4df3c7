"""One replica at a time: a transaction-scoped PostgreSQL advisory lock.

The lock is held for the transaction that writes the reminders, so with several replicas
only one runs a scheduler tick; if it dies, the lock goes with its connection and the next
tick of another replica takes over. The unique message keys make even an overlap harmless.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cme_platform.db import Repository

SCHEDULER_LOCK = 0x4E4F5449  # "NOTI": one number for every notifications replica


async def lead(session: AsyncSession, lock: int = SCHEDULER_LOCK) -> bool:
    """Take the lock for this transaction; False when another replica holds it."""
    return bool((await session.execute(text("select pg_try_advisory_xact_lock(:k)"), {"k": lock})).scalar_one())


class SchedulerLock(Repository):
    """The scheduler's lock in one unit of work's session."""

    lock = SCHEDULER_LOCK

    async def take(self) -> bool:
        """Take the lock until this unit's transaction ends; False when another replica holds it."""
        return await lead(self.session, self.lock)
