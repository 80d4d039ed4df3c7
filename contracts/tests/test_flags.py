"""The attendance flags: every one has its Chinese label, and a code this release does not know is shown as it is."""

from cme_contracts.flags import AttendanceFlag, label


def test_every_flag_reads_in_chinese():
    assert {flag.label for flag in AttendanceFlag} == {
        "有签退无签到", "在场时间明显不足", "同一时间出现在两个会场", "同一设备短时间登记多人"}
    assert label("short_attendance") == "在场时间明显不足"


def test_a_newer_flag_is_shown_by_its_code_rather_than_refused():
    assert label("badge_shared_by_photo") == "badge_shared_by_photo"
