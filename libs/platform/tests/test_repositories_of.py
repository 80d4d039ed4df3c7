"""A service's unit of work names its repositories once, as annotated attributes; the base finds them."""

from __future__ import annotations

from cme_platform.db import Repository, UnitOfWork
from cme_platform.db.repository import repositories_of


class Scans(Repository):
    """A repository of the example."""


class Notes:
    """Not a repository: left alone."""


class ExampleUnitOfWork(UnitOfWork):
    scans: Scans
    notes: Notes
    label: str


def test_only_the_attributes_annotated_with_a_repository_are_made():
    assert repositories_of(ExampleUnitOfWork) == {"scans": Scans}
    assert repositories_of(UnitOfWork) == {}
