"""The projects service's unit of work: one transaction, and the repositories that work in it.

It lives in the service layer, as in Cosmic Python: the use cases depend on it, and it is the one
place that knows which adapters make up a transaction. Tests may enter it over a real database
or swap a repository for a fake.
"""

from __future__ import annotations

from cme_platform.db import UnitOfWork
from cme_projects.adapters.evidence import StoredEvidenceRepository
from cme_projects.adapters.hold_applications import HoldApplicationRepository
from cme_projects.adapters.projects import ProjectRepository

__all__ = ["ProjectsUnitOfWork"]


class ProjectsUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the projects repositories on one session.

    The repositories exist only while the unit is entered; the platform's base makes each one anew
    on the unit's session from the annotations below.
    """

    projects: ProjectRepository
    """The project registry (项目)."""
    applications: HoldApplicationRepository
    """Hold applications (举办申请) and the steps taken on them."""
    evidence: StoredEvidenceRepository
    """The stored notices and schedules an application may attach (from evidence)."""
