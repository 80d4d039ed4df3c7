"""Settings of the identity service (all `CME_*` variables; see cme_platform.settings)."""

from __future__ import annotations

from pydantic import Field, model_validator

from cme_identity.adapters.tokens import public_key_of
from cme_platform.settings import ServiceSettings


class IdentitySettings(ServiceSettings):
    """The identity service holds the private signing key; every other service only the public one."""

    service_name: str = "identity"
    jwt_private_key: str = Field(
        description="PEM (PKCS#8) of the Ed25519 key that signs tokens; see cme-identity-keys."
    )
    token_ttl_minutes: int = Field(default=480, ge=1, le=60 * 24 * 30, description="How long a sign-in lasts.")
    device_token_ttl_minutes: int = Field(default=60 * 24, ge=1, description="How long a device token lasts.")
    sign_in_failures_per_account: int = Field(
        default=10, ge=1, description="Failed sign-ins an account allows per window before refusing it (any address).")
    sign_in_account_window_seconds: int = Field(default=900, ge=1, description="The per-account window.")
    sign_in_failures_per_address: int = Field(
        default=100,
        ge=1,
        description="Failed sign-ins allowed per client address per minute (a shared NAT counts once).",
    )
    cookie_secure: bool = Field(default=False, description="Mark the cme_token cookie Secure (behind HTTPS).")
    bootstrap_admin: str | None = Field(
        default=None,
        description="username:password:jurisdiction[,…] of the first provincial-office accounts, created if missing.",
    )

    @model_validator(mode="after")
    def _public_key_from_private(self) -> IdentitySettings:
        # The service verifies its own tokens (pages, /me) with the matching public key.
        if not self.jwt_public_key:
            self.jwt_public_key = public_key_of(self.jwt_private_key)
        return self
