"""Settings of the credits service (all `CME_*` variables; see cme_platform.settings)."""

from datetime import date
from zoneinfo import ZoneInfo

from pydantic import Field

from cme_platform.clock import Clock
from cme_platform.settings import ServiceSettings


class CreditsSettings(ServiceSettings):
    """The shared settings, with Redis required (the public query is rate limited there)."""

    service_name: str = "credits"
    redis_url: str = Field(description="redis://host:port/db — counts public-query rate limits")
    public_query_limit: int = Field(default=30, ge=1, description="Public credit queries per client per minute.")
    review_date: date | None = Field(
        default=None, description="Fixes 'today' for early-review windows (replays, tests); the clock when unset.")

    def today(self, clock: Clock) -> date:
        """The date the early-review windows are judged on (China Standard Time)."""
        return self.review_date or clock.today(ZoneInfo("Asia/Shanghai"))
