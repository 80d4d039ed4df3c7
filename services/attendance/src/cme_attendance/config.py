"""Settings of the attendance service (all `CME_*` variables; see cme_platform.settings)."""

from pydantic import Field

from cme_platform.settings import ServiceSettings


class AttendanceSettings(ServiceSettings):
    """The shared settings plus what scanning needs.

    - `CME_QR_SIGNING_KEY` (required): the HMAC key that signs QR tokens. Anyone holding it
      can make valid check-in codes, so keep it secret, at least 32 characters, and the same
      on every replica; changing it invalidates every code on display.
    - `CME_REDIS_URL` (required here): form tickets, nonce dedupe and rate limits live in Redis.
    """

    service_name: str = "attendance"
    redis_url: str = Field(description="redis://host:port/db — tickets, nonce dedupe, rate limits.")
    qr_signing_key: str = Field(min_length=32, description="HMAC key of QR tokens (secret, ≥ 32 characters).")
    scan_ticket_seconds: int = Field(default=1800, ge=60, description="How long a learner may take to fill the form.")
    scan_rate_limit_per_minute: int = Field(
        default=600, ge=1, description="Scan page requests per client address per minute (a venue shares one NAT).")
    device_requests_per_minute: int = Field(
        default=1200, ge=1, description="Upload requests per device account per minute."
    )
    max_batch_records: int = Field(default=1000, ge=1, description="Records accepted in one batch upload.")
