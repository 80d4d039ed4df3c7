"""Event handlers: what happened becomes messages, and feeds the reminders' read models.

Each runs in the consumer's unit of work, whose inbox row makes a second delivery a no-op;
the messages' unique keys guard the same way for anything the inbox cannot see.
"""

from __future__ import annotations

import logging

from cme_contracts import events as e
from cme_notifications.domain import notices
from cme_notifications.domain.model import BEIJING
from cme_notifications.domain.reminders import HeldSession
from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from cme_notifications.service_layer.writing import write
from cme_platform import context

log = logging.getLogger(__name__)


def _event_id() -> str:
    # The consumer puts the envelope's id in the trace context as the causation id. Without it
    # every message key would collide, so a handler called any other way must fail loudly.
    event_id = context.current().causation_id
    if not event_id:
        raise RuntimeError("notification handlers run inside the consumer (no event id in the context)")
    return event_id


async def hold_application_submitted(event: e.HoldApplicationSubmitted, uow: NotificationsUnitOfWork) -> None:
    """Start the office's waiting clock (no message: the unit and office see it on their desks)."""
    await uow.read_models.application_submitted(event.application_id, event.project_number,
                                                        event.jurisdiction, event.owner_id, event.submitted_at)


async def hold_application_approved(event: e.HoldApplicationApproved, uow: NotificationsUnitOfWork) -> None:
    """Tell the owner; remember the session, whose report the unit owes two weeks after its end."""
    await uow.read_models.application_decided(event.application_id, event.approved_at)
    end = max(day.day for day in event.schedule) if event.schedule else event.approved_at.astimezone(BEIJING).date()
    await uow.read_models.add_session(HeldSession(event.session_id, event.project_number, event.project_name,
                                         event.unit_id, event.jurisdiction, end))
    await write(uow, notices.hold_application_approved(
        _event_id(), owner_id=event.owner_id, project_number=event.project_number, project_name=event.project_name,
        session_id=event.session_id, jurisdiction=event.jurisdiction))


async def hold_application_returned(event: e.HoldApplicationReturned, uow: NotificationsUnitOfWork) -> None:
    """Tell the owner, with the reason (the owner is known from the submission)."""
    waiting = await uow.read_models.application_decided(event.application_id, event.returned_at)
    if waiting is None:
        log.warning("returned application was never seen submitted", extra={"application_id": event.application_id})
        return
    project_number, owner_id = waiting
    await write(uow, notices.hold_application_returned(_event_id(), owner_id=owner_id, project_number=project_number,
                                                       reason=event.reason))


async def execution_reported(event: e.ExecutionReported, uow: NotificationsUnitOfWork) -> None:
    """Tell the office once per report (a large one comes in parts); the unit's report reminders stop."""
    if event.part > 1:
        return
    await uow.read_models.mark_reported(event.session_id, event.submitted_at)
    await write(uow, notices.execution_reported(
        _event_id(), jurisdiction=event.jurisdiction, project_number=event.project_number,
        project_name=event.project_name, attendees=event.attendee_count or len(event.attendees),
        submitted_at=event.submitted_at))


async def credit_approved(event: e.CreditApproved, uow: NotificationsUnitOfWork) -> None:
    """Tell the learner; count the credit for the compliance warning."""
    await uow.read_models.credit_approved(event.credit_id, event.id_number.strip().upper(), event.year,
                                                  event.credit_class.value, event.credits, event.jurisdiction)
    await write(uow, notices.credit_approved(
        _event_id(), id_number=event.id_number, project_name=event.project_name,
        credit_class=event.credit_class.value, credits=event.credits, year=event.year,
        jurisdiction=event.jurisdiction))


async def credit_rejected(event: e.CreditRejected, uow: NotificationsUnitOfWork) -> None:
    """Tell the learner why (and the unit, when a higher level returned it)."""
    await write(uow, notices.credit_rejected(
        _event_id(), id_number=event.id_number, review_level=event.review_level, reason=event.reason,
        project_name=event.project_name, unit_id=event.unit_id))


async def credit_revoked(event: e.CreditRevoked, uow: NotificationsUnitOfWork) -> None:
    """Tell the learner; the credit no longer counts."""
    await uow.read_models.credit_revoked(event.credit_id)
    await write(uow, notices.credit_revoked(_event_id(), id_number=event.id_number, reason=event.reason))


async def certificate_issued(event: e.CertificateIssued, uow: NotificationsUnitOfWork) -> None:
    """Tell the learner where to download it."""
    await write(uow, notices.certificate_issued(_event_id(), id_number=event.id_number,
                                                certificate_number=event.certificate_number,
                                                issued_at=event.issued_at))


async def certificate_revoked(event: e.CertificateRevoked, uow: NotificationsUnitOfWork) -> None:
    """Tell the learner, with the reason."""
    await write(uow, notices.certificate_revoked(_event_id(), id_number=event.id_number,
                                                 certificate_number=event.certificate_number, reason=event.reason))


async def evidence_refused(event: e.EvidenceRefused, uow: NotificationsUnitOfWork) -> None:
    """Tell the uploader to upload again."""
    await write(uow, notices.evidence_refused(_event_id(), owner_id=event.owner_id, filename=event.filename,
                                              reason=event.reason))


async def account_approved(event: e.AccountApproved, uow: NotificationsUnitOfWork) -> None:
    """Tell the person (by SMS too); a learner joins the compliance warnings."""
    if event.role == "learner" and event.id_number:
        await uow.read_models.learner_registered(event.id_number.strip().upper(), event.jurisdiction or "")
    await write(uow, notices.account_decided(_event_id(), account_id=event.account_id, approved=True,
                                             name=event.name), sms_to=event.phone)


async def account_rejected(event: e.AccountRejected, uow: NotificationsUnitOfWork) -> None:
    """Tell the person (by SMS too)."""
    await write(uow, notices.account_decided(_event_id(), account_id=event.account_id, approved=False,
                                             name=event.name), sms_to=event.phone)
