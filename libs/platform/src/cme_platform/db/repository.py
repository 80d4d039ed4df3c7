"""The base of every service's repositories (仓储): reads and writes on the session of one unit of work."""

from __future__ import annotations

from typing import get_type_hints

from sqlalchemy.ext.asyncio import AsyncSession


class Repository:
    """One group of a service's tables, read and written in the transaction of the unit that made it.

    A service's unit of work names its repositories as annotated attributes (`credits: CreditRepository`);
    the platform's `UnitOfWork` makes each one on its session when the unit is entered.
    """

    def __init__(self, session: AsyncSession):
        self.session = session


_FOUND: dict[type, dict[str, type[Repository]]] = {}


def repositories_of(unit: type) -> dict[str, type[Repository]]:
    """The attributes of a unit-of-work class annotated with a repository class, by name (read once a class)."""
    if unit not in _FOUND:
        _FOUND[unit] = {name: hint for name, hint in get_type_hints(unit).items()
                        if isinstance(hint, type) and issubclass(hint, Repository)}
    return _FOUND[unit]
