"""Settings of the portal (all `CME_*` variables; see cme_platform.settings). It owns no data, so it has
no database, broker or storage settings: only where the services are and the key that verifies cookies."""

from __future__ import annotations

from pydantic import Field

from cme_platform.settings import WebSettings


class PortalSettings(WebSettings):
    """The portal verifies the `cme_token` cookie with identity's public key and calls the services as the person."""

    service_name: str = "portal"
    jwt_public_key: str = Field(description="PEM of the identity service's Ed25519 public key (verifies cookies).")
    cookie_secure: bool = Field(default=False, description="Mark the cme_token cookie Secure (behind HTTPS).")
    api_base_url: str | None = Field(
        default=None,
        description="Where the pages reach the services' APIs (the front door); defaults to public_base_url.",
    )
    api_timeout_seconds: float = Field(default=15, gt=0, description="How long a page waits for a service.")

    @property
    def services_url(self) -> str:
        """Base URL of the services' APIs."""
        return (self.api_base_url or self.public_base_url).rstrip("/")
