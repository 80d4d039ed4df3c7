"""Wiring of the identity service: real adapters for a running process."""

from __future__ import annotations

from datetime import timedelta

from cme_identity.adapters.tokens import TokenIssuer
from cme_identity.config import IdentitySettings
from cme_identity.service_layer import commands, handlers
from cme_identity.service_layer.unit_of_work import IdentityUnitOfWork
from cme_platform.runtime import Runtime


def bootstrap(settings: IdentitySettings) -> Runtime[IdentityUnitOfWork]:
    """The runtime of one identity process, its units of work on the identity repositories, with the first
    provincial-office accounts seeded when configured."""
    runtime = Runtime(settings, IdentityUnitOfWork)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    admins = settings.bootstrap_admin
    if admins:
        async def seed_bootstrap_admin() -> None:
            await commands.ensure_bootstrap_admins(runtime.uow(), admins)

        runtime.loops.append(seed_bootstrap_admin)
    return runtime


def token_issuer(settings: IdentitySettings) -> TokenIssuer:
    """The signer of people's sign-in tokens."""
    return TokenIssuer(settings.jwt_private_key, timedelta(minutes=settings.token_ttl_minutes))
