"""Settings of the certificates service (all `CME_*` variables; see cme_platform.settings)."""

from datetime import datetime

from pydantic import Field, field_validator

from cme_platform.credentials.signing import load_private_key, public_key_of
from cme_platform.settings import PublicLookupSettings, ServiceSettings


class CertificatesSettings(ServiceSettings, PublicLookupSettings):
    """The certificates service needs object storage (the PDFs), Redis (public-query rate
    limits) and its own signing key, so those settings are required here."""

    service_name: str = "certificates"
    redis_url: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str
    s3_bucket: str = "cme-certificates"
    cert_signing_key: str = Field(description="PEM of the Ed25519 private key that signs credentials.")
    issue_batch_size: int = Field(default=500, ge=1, description="Certificates signed and published per transaction.")
    render_batch_size: int = Field(default=50, ge=1, description="Certificate PDFs drawn and stored per transaction.")
    issue_poll_seconds: float = Field(default=0.2, gt=0, description="Pause of the issuer when nothing is pending.")
    issue_concurrency: int = Field(default=8, ge=1, description="Parallel uploads to object storage.")
    render_processes: int = Field(default=2, ge=1, description="Processes rendering certificate PDFs.")
    public_lookup_limit: int = Field(default=120, ge=1,
                                     description="Look-ups by certificate number per client address per minute.")
    api_base_url: str | None = Field(
        default=None,
        description="Where the credits service's public API is reached (the front door); defaults to public_base_url.")

    @property
    def services_url(self) -> str:
        """Base URL of the other services' public APIs (the compliance proof asks credits)."""
        return (self.api_base_url or self.public_base_url).rstrip("/")

    cert_retired_keys: dict[str, datetime] = Field(
        default={}, description="Earlier signing keys (Multikey → when each stopped being valid), as JSON: still "
                                "published, with `expires`, so credentials they signed verify here and other "
                                "platforms refuse them once expired.")

    @field_validator("cert_retired_keys")
    @classmethod
    def _multikeys(cls, value: dict[str, datetime]) -> dict[str, datetime]:
        for key_id in value:
            try:
                public_key_of(key_id)
            except ValueError:
                raise ValueError(f"{key_id!r} is not an Ed25519 Multikey (z6Mk…)") from None
        return value

    @field_validator("cert_signing_key")
    @classmethod
    def _ed25519_pem(cls, value: str) -> str:
        # Refuse a wrong key at start-up, in one line, rather than at the first certificate.
        try:
            load_private_key(value)
        except (TypeError, ValueError):
            raise ValueError("must be an Ed25519 private key in PEM (PKCS#8)") from None
        return value
