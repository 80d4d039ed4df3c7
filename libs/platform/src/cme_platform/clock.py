"""The time a service goes by: time is an input.

Every "now" a service uses comes from its `Clock`, never from `datetime.now()` at the call
site, so a test can say which "now" it means. In-process tests move the clock with
`time-machine`; services started as subprocesses (the browser journeys, `make dev` demos)
take `CME_CLOCK_OFFSET_SECONDS`, which shifts the clock of every service of a stack by the
same amount, so they agree with each other and with the test that started them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo


class Clock:
    """Wall-clock time in UTC, shifted by a fixed offset (zero in production)."""

    def __init__(self, offset_seconds: float = 0.0):
        self.offset = timedelta(seconds=offset_seconds)

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        return datetime.now(UTC) + self.offset

    def today(self, zone: tzinfo) -> date:
        """Today's date where people are (a jurisdiction's time zone), not in UTC."""
        return self.now().astimezone(zone).date()


SYSTEM_CLOCK = Clock()


def offset_to(moment: datetime) -> float:
    """The `CME_CLOCK_OFFSET_SECONDS` that makes a stack's clock read `moment` now."""
    return (moment - datetime.now(UTC)).total_seconds()
