"""Settings of the certificates service (all `CME_*` variables; see cme_platform.settings)."""

from pydantic import Field

from cme_platform.settings import ServiceSettings


class CertificatesSettings(ServiceSettings):
    """The certificates service needs object storage (the PDFs), Redis (public-query rate
    limits) and its own signing key, so those settings are required here."""

    service_name: str = "certificates"
    redis_url: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str
    s3_bucket: str = "cme-certificates"
    cert_signing_key: str = Field(description="PEM of the Ed25519 private key that signs credentials (CME_CERT_SIGNING_KEY).")
    issue_batch_size: int = Field(default=100, ge=1, description="Certificates rendered and stored per transaction.")
    issue_poll_seconds: float = Field(default=0.2, gt=0, description="Pause of the issuer when nothing is pending.")
    issue_concurrency: int = Field(default=8, ge=1, description="Parallel uploads to object storage.")
    render_processes: int = Field(default=2, ge=1, description="Processes rendering certificate PDFs.")
    public_query_limit: int = Field(default=30, ge=1, description="Public queries per client address per minute.")
