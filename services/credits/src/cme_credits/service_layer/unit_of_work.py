"""The credits service's unit of work: one transaction, and the repositories that work in it.

It lives in the service layer, as in Cosmic Python: the use cases depend on it, and it is the one
place that knows which adapters make up a transaction. Tests may enter it over a real database
or swap a repository for a fake.
"""

from __future__ import annotations

from cme_credits.adapters.credits import CreditRepository, LedgerRow
from cme_credits.adapters.early_review import EarlyReviewRepository
from cme_credits.adapters.import_batches import ImportBatchRepository
from cme_credits.adapters.mirrors import EvidenceRepository, ProjectRepository, UnitMemberRepository
from cme_platform.db import UnitOfWork

__all__ = ["CreditsUnitOfWork", "LedgerRow"]


class CreditsUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the credits repositories on one session.

    The repositories exist only while the unit is entered; the platform's base makes each one anew
    on the unit's session from the annotations below.
    """

    credits: CreditRepository
    """The ledger and its review history."""
    members: UnitMemberRepository
    """Who is registered in which unit (from identity)."""
    evidence: EvidenceRepository
    """The stored evidence files (from evidence)."""
    projects: ProjectRepository
    """The project registry (from projects)."""
    early_review: EarlyReviewRepository
    """Early-review windows and applicant lists."""
    import_batches: ImportBatchRepository
    """Uploaded templates and their reports."""
