"""The owner's hold-application form becomes the projects API's plan."""

from datetime import date

from cme_portal.entrypoints.owner_forms import hold_plan


def test_a_three_day_session_becomes_three_days_with_the_same_times_and_its_files():
    plan = hold_plan(venue=" 苏州国际会议中心 ", first_day=date(2026, 12, 30), days=3, starts="08:30", ends="17:00",
                     expected_attendance="200", meeting_notice="ev-notice", schedule="")
    assert plan["venue"] == "苏州国际会议中心"
    assert [d["day"] for d in plan["days"]] == ["2026-12-30", "2026-12-31", "2027-01-01"]
    assert {d["starts"] for d in plan["days"]} == {"08:30"} and {d["ends"] for d in plan["days"]} == {"17:00"}
    assert plan["attachments"] == {"meeting_notice": "ev-notice"}, "an empty file field is left out"
