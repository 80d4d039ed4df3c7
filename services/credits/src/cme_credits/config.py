"""Settings of the credits service (all `CME_*` variables; see cme_platform.settings)."""

from datetime import date
from zoneinfo import ZoneInfo

from pydantic import Field

from cme_platform.clock import Clock
from cme_platform.settings import PublicLookupSettings, ServiceSettings


class CreditsSettings(ServiceSettings, PublicLookupSettings):
    """The shared settings, with Redis required (the public query is rate limited there)."""

    service_name: str = "credits"
    redis_url: str = Field(description="redis://host:port/db — counts public-query rate limits")
    review_date: date | None = Field(
        default=None, description="Fixes 'today' for early-review windows (replays, tests); the clock when unset.")
    certificates_url: str | None = Field(
        default=None, description="Where this platform's certificates API answers, to read its own keys and status "
                                  "lists (credential entries); CME_PUBLIC_BASE_URL when unset.")
    credential_fetch_timeout_seconds: float = Field(
        default=3, gt=0, description="How long an issuer's keys or status list may take to arrive.")
    credential_cache_seconds: float = Field(
        default=300, ge=0, description="How long an issuer's keys and status lists are kept before being read again.")

    @property
    def own_issuer(self) -> str:
        """The issuer id this platform's certificates carry (the trust registry's `self`)."""
        return f"{self.public_base_url.rstrip('/')}/api/certificates/issuer"

    def today(self, clock: Clock) -> date:
        """The date the early-review windows are judged on (China Standard Time)."""
        return self.review_date or clock.today(ZoneInfo("Asia/Shanghai"))
