"""Wiring of the credits service: real adapters for a running process."""

from cme_credits.adapters.issuers import IssuerDirectory
from cme_credits.config import CreditsSettings
from cme_credits.service_layer import handlers
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork
from cme_platform.runtime import Runtime


class CreditsRuntime(Runtime[CreditsUnitOfWork]):
    """The shared runtime plus the directory of other issuers (one HTTP pool and key cache per process)."""

    settings: CreditsSettings

    def __init__(self, settings: CreditsSettings):
        super().__init__(settings, CreditsUnitOfWork)
        own = settings.public_base_url.rstrip("/")
        rewrites = {own: settings.certificates_url.rstrip("/")} if settings.certificates_url else {}
        self.issuers = IssuerDirectory(timeout=settings.credential_fetch_timeout_seconds,
                                       ttl=settings.credential_cache_seconds, rewrites=rewrites)
        self.closers.append(self.issuers.close)


def bootstrap(settings: CreditsSettings) -> CreditsRuntime:
    """The runtime of one credits process, its units of work on the credits repositories, its consumers registered."""
    runtime = CreditsRuntime(settings)
    if handlers.HANDLERS:
        runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    return runtime
