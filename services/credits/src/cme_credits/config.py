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

    def today(self, clock: Clock) -> date:
        """The date the early-review windows are judged on (China Standard Time)."""
        return self.review_date or clock.today(ZoneInfo("Asia/Shanghai"))
