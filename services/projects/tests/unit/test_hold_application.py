"""The hold-application workflow as pure rules: steps, refusals, and the approved session."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from cme_platform.errors import Conflict, DomainError
from cme_projects.domain.hold_application import DayPlan, HoldApplication, Plan, Status, StoredFile, Window
from cme_projects.domain.rules import rule_set

JIANGSU, SICHUAN = rule_set("jiangsu"), rule_set("sichuan")
NOW = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
FILES = {"n1": StoredFile("n1", "owner-1", "meeting_notice", 1_000_000),
         "s1": StoredFile("s1", "owner-1", "schedule", 2_000)}


def plan(first_day: date = date(2026, 12, 1), **overrides) -> Plan:
    values = dict(venue="苏州", expected_attendance=120, attachments={"meeting_notice": "n1", "schedule": "s1"},
                  days=(DayPlan(first_day, time(8, 30), time(12, 0)),
                        DayPlan(first_day + timedelta(days=1), time(8, 0), time(17, 0))))
    return Plan(**values | overrides)


def draft(**plan_overrides) -> HoldApplication:
    return HoldApplication.draft(project_id="p1", jurisdiction="jiangsu", owner_id="owner-1", unit_id="unit-1",
                                 plan=plan(**plan_overrides), actor_role="project_owner", at=NOW)


def by(actor: str, role: str, minutes: int = 0) -> dict:
    return {"actor_id": actor, "actor_role": role, "at": NOW + timedelta(minutes=minutes)}


def test_submitted_confirmed_returned_resubmitted_approved_records_every_step():
    app = draft().submit(JIANGSU, FILES, **by("owner-1", "project_owner", 1))
    app = app.confirm(JIANGSU, **by("admin-1", "unit_admin", 2))
    app = app.return_for_revision(JIANGSU, "日程缺少授课教师", **by("office-1", "provincial_office", 3))
    assert (app.status, app.return_reason) == (Status.RETURNED, "日程缺少授课教师")
    app = app.revise(plan(venue="苏州国际会议中心"), **by("owner-1", "project_owner", 4))
    app = app.submit(JIANGSU, FILES, **by("owner-1", "project_owner", 5))
    app = app.confirm(JIANGSU, **by("admin-1", "unit_admin", 6))
    app, session = app.approve(JIANGSU, **by("office-1", "provincial_office", 7))
    assert app.status == Status.APPROVED and app.session_id == session.session_id
    assert [s.action for s in app.steps] == ["drafted", "submitted", "confirmed", "returned", "revised",
                                             "resubmitted", "confirmed", "approved"]
    assert app.steps[3].reason == "日程缺少授课教师" and app.steps[-1].actor_id == "office-1"


def test_the_approved_session_fixes_schedule_windows_hours_and_qr_period():
    app = draft().submit(JIANGSU, FILES, **by("o", "project_owner")).confirm(JIANGSU, **by("a", "unit_admin"))
    _, session = app.approve(JIANGSU, **by("p", "provincial_office"))
    first_start = session.schedule[0][1]
    assert first_start.isoformat() == "2026-12-01T08:30:00+08:00"
    assert session.check_in_window == Window(first_start - timedelta(hours=1), session.schedule[-1][2])
    assert session.check_out_window.closes_at == session.schedule[-1][2] + timedelta(hours=1)
    assert session.required_hours == 12.5  # 3.5 h + 9 h
    assert session.qr_refresh_seconds == 86400  # Jiangsu: 刷新时间 1天


def test_windows_and_qr_period_given_by_the_owner_are_kept():
    opens = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    window = Window(opens, opens + timedelta(hours=2))
    app = draft(check_in_window=window, qr_refresh_seconds=600).submit(JIANGSU, FILES, **by("o", "project_owner"))
    _, session = app.confirm(JIANGSU, **by("a", "unit_admin")).approve(JIANGSU, **by("p", "provincial_office"))
    assert (session.check_in_window, session.qr_refresh_seconds) == (window, 600)


def test_the_office_cannot_decide_before_the_unit_admin_confirms_in_jiangsu():
    app = draft().submit(JIANGSU, FILES, **by("o", "project_owner"))
    with pytest.raises(Conflict) as refused:
        app.approve(JIANGSU, **by("p", "provincial_office"))
    assert refused.value.code == "hold_application.wrong_status"


def test_in_sichuan_the_office_reviews_a_submitted_application_without_unit_confirmation():
    app = draft().submit(SICHUAN, FILES, **by("o", "project_owner"))
    with pytest.raises(DomainError) as refused:
        app.confirm(SICHUAN, **by("a", "unit_admin"))
    assert refused.value.code == "hold_application.no_confirmation_step"
    approved, _ = app.approve(SICHUAN, **by("p", "provincial_office"))
    assert approved.status == Status.APPROVED


def test_a_submission_later_than_two_weeks_before_the_start_is_refused_in_sichuan_with_the_due_date():
    app = draft(first_day=date(2026, 11, 10))
    with pytest.raises(DomainError) as refused:
        app.submit(SICHUAN, FILES, **by("o", "project_owner"))
    assert refused.value.code == "hold_application.too_late"
    assert "2026-10-27 08:30" in refused.value.message
    assert refused.value.details["due"] == "2026-10-27T08:30:00+08:00"


def test_the_same_dates_are_in_time_under_jiangsu_rules():
    assert (
        draft(first_day=date(2026, 11, 10)).submit(JIANGSU, FILES, **by("o", "project_owner")).status
        == Status.SUBMITTED
    )


@pytest.mark.parametrize(
    ("files", "attachments", "code"),
    [
        (FILES, {"schedule": "s1"}, "hold_application.attachment_missing"),
        ({"s1": FILES["s1"]}, {"meeting_notice": "n1", "schedule": "s1"}, "hold_application.attachment_not_stored"),
        (FILES, {"meeting_notice": "s1", "schedule": "s1"}, "hold_application.attachment_mismatch"),
        (
            {**FILES, "n1": StoredFile("n1", "someone-else", "meeting_notice", 10)},
            {"meeting_notice": "n1", "schedule": "s1"},
            "hold_application.attachment_mismatch",
        ),
        (
            {**FILES, "n1": StoredFile("n1", "owner-1", "meeting_notice", 50 * 1024 * 1024 + 1)},
            {"meeting_notice": "n1", "schedule": "s1"},
            "hold_application.attachment_too_large",
        ),
    ],
)
def test_a_submission_without_its_stored_notice_and_schedule_is_refused(files, attachments, code):
    with pytest.raises(DomainError) as refused:
        draft(attachments=attachments).submit(JIANGSU, files, **by("o", "project_owner"))
    assert refused.value.code == code


def test_returning_needs_a_reason_and_an_approved_application_no_longer_changes():
    app = draft().submit(JIANGSU, FILES, **by("o", "project_owner")).confirm(JIANGSU, **by("a", "unit_admin"))
    with pytest.raises(DomainError, match="退回理由"):
        app.return_for_revision(JIANGSU, "  ", **by("p", "provincial_office"))
    approved, _ = app.approve(JIANGSU, **by("p", "provincial_office"))
    with pytest.raises(Conflict):
        approved.revise(plan(), **by("o", "project_owner"))


@pytest.mark.parametrize(("overrides", "code"), [
    ({"days": ()}, "hold_application.no_days"),
    ({"days": (DayPlan(date(2026, 12, 1), time(12), time(8)),)}, "hold_application.bad_times"),
    ({"days": (DayPlan(date(2026, 12, 1), time(8), time(9)),) * 2}, "hold_application.duplicate_day"),
    ({"check_in_window": Window(NOW, NOW)}, "hold_application.bad_window"),
])
def test_an_impossible_plan_is_refused(overrides, code):
    with pytest.raises(DomainError) as refused:
        plan(**overrides)
    assert refused.value.code == code
