"""Credit arithmetic of the national regulation, and partial attendance per rule set."""

from dataclasses import replace

import pytest

from cme_credits.domain.arithmetic import credits_for_hours, session_credits
from cme_credits.domain.rules import load_rule_set

ALLOWS_PARTIAL = load_rule_set("zhejiang")
NO_PARTIAL = load_rule_set("jiangsu")


def test_the_rule_sets_used_here_differ_on_partial_credit():
    assert ALLOWS_PARTIAL.partial_credit and not NO_PARTIAL.partial_credit


def test_full_attendance_of_a_national_session_earns_its_credits():
    assert session_credits(NO_PARTIAL, level="national", session_credits=4, attended_hours=12) == 4


def test_national_projects_give_one_credit_per_three_hours_when_partial_credit_is_allowed():
    assert session_credits(ALLOWS_PARTIAL, level="national", session_credits=4, attended_hours=6) == 2


def test_provincial_projects_give_one_credit_per_six_hours_when_partial_credit_is_allowed():
    assert session_credits(ALLOWS_PARTIAL, level="provincial", session_credits=4, attended_hours=12) == 2


def test_partial_attendance_earns_nothing_where_the_rule_set_does_not_allow_partial_credit():
    assert session_credits(NO_PARTIAL, level="national", session_credits=4, attended_hours=11) == 0


def test_attending_more_than_required_earns_no_more_than_the_session_gives():
    assert session_credits(ALLOWS_PARTIAL, level="national", session_credits=4, attended_hours=30) == 4


def test_national_speakers_earn_two_credits_per_hour_taught_on_top_of_listening():
    assert session_credits(NO_PARTIAL, level="national", session_credits=4, attended_hours=12, speaker_hours=2) == 8


def test_provincial_speakers_earn_one_credit_per_hour_taught():
    assert session_credits(NO_PARTIAL, level="provincial", session_credits=2, attended_hours=12, speaker_hours=3) == 5


def test_no_one_earns_more_than_25_credits_from_one_project():
    assert session_credits(NO_PARTIAL, level="national", session_credits=10, attended_hours=30, speaker_hours=20) == 25


def test_partial_credit_is_floored_to_a_tenth():
    assert session_credits(ALLOWS_PARTIAL, level="national", session_credits=4, attended_hours=5) == 1.6


def test_society_projects_count_at_the_provincial_rate():
    assert session_credits(ALLOWS_PARTIAL, level="society", session_credits=3, attended_hours=6) == 1


@pytest.mark.parametrize(("hours", "credits"), [(6, 1), (12, 2), (9, 1.5)])
def test_district_class_ii_counts_one_credit_per_six_hours(hours, credits):
    assert credits_for_hours(hours, 6) == credits


def test_a_rule_set_with_a_different_cap_changes_the_arithmetic_without_code():
    capped = replace(NO_PARTIAL, national=NO_PARTIAL.national.model_copy(update={"max_credits_per_project": 10}))
    assert session_credits(capped, level="national", session_credits=10, attended_hours=30, speaker_hours=5) == 10
