"""Refusals of the credits domain."""

from cme_platform.errors import DomainError, NotFound


class CreditRefused(DomainError):
    """A credit, entry or review step the rules do not allow; the message says which rule."""


def credit_not_found(credit_id: str) -> NotFound:
    """The refusal for a credit that does not exist or lies outside the caller's scope."""
    return NotFound("credit.not_found", "学分记录不存在或不在您的管理范围内", credit_id=credit_id)
