"""The evidence service's unit of work: one transaction, and the repository that works in it.

It lives in the service layer, as in Cosmic Python: the use cases depend on it, and it is the one
place that knows which adapters make up a transaction.
"""

from __future__ import annotations

from cme_evidence.adapters.repository import EvidenceRepository
from cme_platform.db import UnitOfWork

__all__ = ["EvidenceUnitOfWork"]


class EvidenceUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the evidence repository on the unit's session.

    The repository exists only while the unit is entered; it is made anew on the unit's session.
    """

    evidence: EvidenceRepository
    """The metadata of stored files (the bytes are in the object store)."""
