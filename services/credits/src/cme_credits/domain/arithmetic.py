"""Credit arithmetic of the 2006 national regulation (学分计算).

National projects: 3 hours of attendance = 1 credit, speakers 2 credits per hour taught;
provincial projects: 6 hours = 1 credit, speakers 1 credit per hour; at most 25 credits from
one project. Whether partial attendance earns partial credit is the jurisdiction's choice.
"""

from __future__ import annotations

import math

from cme_credits.domain.rules import RuleSet


def _floor(value: float) -> float:
    # Credits are granted in tenths and never rounded up past what was attended.
    return math.floor(value * 10 + 1e-9) / 10


def session_credits(rules: RuleSet, *, level: str, session_credits: float,
                    attended_hours: float, speaker_hours: float = 0) -> float:
    """Credits an attendee earns from a held session (授予学分).

    Listening earns the session's credits in full when the hours they require were
    attended; short of that, a rule set with `partial_credit` grants the hours' worth and
    one without grants none. Teaching adds the speaker rate on top; the project cap bounds all.
    """
    national = rules.arithmetic
    per_credit = national.hours_per_credit[level]
    required_hours = session_credits * per_credit
    if attended_hours + 1e-9 >= required_hours:
        listening = session_credits
    elif rules.partial_credit:
        listening = attended_hours / per_credit
    else:
        listening = 0.0
    teaching = speaker_hours * national.speaker_credits_per_hour[level]
    return _floor(min(listening + teaching, national.max_credits_per_project))


def credits_for_hours(hours: float, hours_per_credit: float) -> float:
    """Credits that a number of hours is worth at a fixed rate (e.g. district class II: 6 h = 1)."""
    return _floor(hours / hours_per_credit)
