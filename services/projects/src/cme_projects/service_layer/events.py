"""Translating the domain into integration events (the contract stays apart from internals)."""

from __future__ import annotations

from datetime import datetime

from cme_contracts.events import (
    HoldApplicationApproved,
    HoldApplicationReturned,
    HoldApplicationSubmitted,
    ProjectPublished,
    SessionDay,
    TimeWindow,
)
from cme_projects.domain.hold_application import ApprovedSession, HoldApplication, Window
from cme_projects.domain.project import Project


def project_published(project: Project) -> ProjectPublished:
    """ProjectPublished for a registered, imported or corrected project."""
    return ProjectPublished(
        project_id=project.id, number=project.number, number_normalized=project.number_normalized,
        name=project.name, level=project.level, credit_class=project.credit_class, credits=project.credits,
        jurisdiction=project.jurisdiction, year=project.year, sponsor=project.sponsor, lead=project.lead,
        co_organizer=project.co_organizer, discipline=project.discipline, start_date=project.start_date,
        end_date=project.end_date, online=project.online, remote_filing=project.remote_filing,
        session_no=project.session_no, venue=project.venue,
    )


def submitted(app: HoldApplication, project: Project) -> HoldApplicationSubmitted:
    """HoldApplicationSubmitted (first submission or resubmission)."""
    if app.submitted_at is None:
        raise ValueError(f"hold application {app.id} is announced as submitted but has no submission time")
    return HoldApplicationSubmitted(
        application_id=app.id, project_id=app.project_id, project_number=project.number,
        jurisdiction=app.jurisdiction, owner_id=app.owner_id, unit_id=app.unit_id, submitted_at=app.submitted_at,
        resubmission=app.steps[-1].action == "resubmitted", evidence_ids=_evidence_ids(app),
    )


def approved(app: HoldApplication, project: Project, session: ApprovedSession, by: str,
             at: datetime) -> HoldApplicationApproved:
    """HoldApplicationApproved: what the attendance service needs to open the session."""
    return HoldApplicationApproved(
        application_id=app.id, session_id=session.session_id, project_id=project.id,
        project_number=project.number, project_name=project.name, jurisdiction=app.jurisdiction,
        level=project.level, credit_class=project.credit_class, credits=project.credits, venue=app.plan.venue,
        online=app.plan.online, owner_id=app.owner_id, unit_id=app.unit_id,
        schedule=[SessionDay(day=day, starts_at=start, ends_at=end) for day, start, end in session.schedule],
        check_in_window=_window(session.check_in_window), check_out_window=_window(session.check_out_window),
        qr_refresh_seconds=session.qr_refresh_seconds, required_hours=session.required_hours,
        approved_by=by, approved_at=at, expected_attendance=app.plan.expected_attendance,
        evidence_ids=_evidence_ids(app),
    )


def returned(app: HoldApplication, by: str, at: datetime) -> HoldApplicationReturned:
    """HoldApplicationReturned with the office's reason."""
    if app.return_reason is None:
        raise ValueError(f"hold application {app.id} is announced as returned but has no reason")
    return HoldApplicationReturned(application_id=app.id, project_id=app.project_id, reason=app.return_reason,
                                   returned_by=by, returned_at=at)


def _evidence_ids(app: HoldApplication) -> list[str]:
    # Carried so the evidence service keeps these files as attached, not orphans.
    return sorted(set(app.plan.attachments.values()))


def _window(window: Window) -> TimeWindow:
    return TimeWindow(opens_at=window.opens_at, closes_at=window.closes_at)
