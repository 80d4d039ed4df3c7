"""Refusals of the credits domain."""

from cme_platform.errors import DomainError


class CreditRefused(DomainError):
    """A credit, entry or review step the rules do not allow; the message says which rule."""
