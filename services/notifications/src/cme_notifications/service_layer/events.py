"""Event handlers: what happened becomes messages, and feeds the reminders' read models.

Each runs in the consumer's unit of work, whose inbox row makes a second delivery a no-op;
the messages' unique keys guard the same way for anything the inbox cannot see.
"""

from __future__ import annotations

import logging

from cme_contracts import events as e
from cme_notifications.adapters.read_models import ReadModels
from cme_notifications.domain import notices
from cme_notifications.domain.model import BEIJING
from cme_notifications.domain.reminders import HeldSession
from cme_notifications.service_layer.writing import write
from cme_platform import context
from cme_platform.db import UnitOfWork

log = logging.getLogger(__name__)


def _event_id() -> str:
    # The consumer puts the envelope's id in the trace context as the causation id. Without it
    # every message key would collide, so a handler called any other way must fail loudly.
    event_id = context.current().causation_id
    if not event_id:
        raise RuntimeError("notification handlers run inside the consumer (no event id in the context)")
    return event_id


async def hold_application_submitted(event: e.HoldApplicationSubmitted, uow: UnitOfWork) -> None:
    """Start the office's waiting clock (no message: the unit and office see it on their desks)."""
    await ReadModels(uow.session).application_submitted(event.application_id, event.project_number,
                                                        event.jurisdiction, event.owner_id, event.submitted_at)


async def hold_application_approved(event: e.HoldApplicationApproved, uow: UnitOfWork) -> None:
    """Tell the owner; remember the session, whose report the unit owes two weeks after its end."""
    models = ReadModels(uow.session)
    await models.application_decided(event.application_id, event.approved_at)
    end = max(day.day for day in event.schedule) if event.schedule else event.approved_at.astimezone(BEIJING).date()
    await models.add_session(HeldSession(event.session_id, event.project_number, event.project_name,
                                         event.unit_id, event.jurisdiction, end))
    await write(uow, notices.hold_application_approved(
        _event_id(), owner_id=event.owner_id, project_number=event.project_number, project_name=event.project_name,
        session_id=event.session_id, jurisdiction=event.jurisdiction))


async def hold_application_returned(event: e.HoldApplicationReturned, uow: UnitOfWork) -> None:
    """Tell the owner, with the reason (the owner is known from the submission)."""
    waiting = await ReadModels(uow.session).application_decided(event.application_id, event.returned_at)
    if waiting is None:
        log.warning("returned application was never seen submitted", extra={"application_id": event.application_id})
        return
    project_number, owner_id = waiting
    await write(uow, notices.hold_application_returned(_event_id(), owner_id=owner_id, project_number=project_number,
                                                       reason=event.reason))


async def execution_reported(event: e.ExecutionReported, uow: UnitOfWork) -> None:
    """Tell the office once per report (a large one comes in parts); the unit's report reminders stop."""
    if event.part > 1:
        return
    await ReadModels(uow.session).mark_reported(event.session_id, event.submitted_at)
    await write(uow, notices.execution_reported(
        _event_id(), jurisdiction=event.jurisdiction, project_number=event.project_number,
        project_name=event.project_name, attendees=event.attendee_count or len(event.attendees),
        submitted_at=event.submitted_at))


async def credit_approved(event: e.CreditApproved, uow: UnitOfWork) -> None:
    """Tell the learner; count the credit for the compliance warning."""
    await ReadModels(uow.session).credit_approved(event.credit_id, event.id_number.strip().upper(), event.year,
                                                  event.credit_class.value, event.credits, event.jurisdiction)
    await write(uow, notices.credit_approved(
        _event_id(), id_number=event.id_number, project_name=event.project_name,
        credit_class=event.credit_class.value, credits=event.credits, year=event.year,
        jurisdiction=event.jurisdiction))


async def credit_rejected(event: e.CreditRejected, uow: UnitOfWork) -> None:
    """Tell the learner why (and the unit, when a higher level returned it)."""
    await write(uow, notices.credit_rejected(
        _event_id(), id_number=event.id_number, review_level=event.review_level, reason=event.reason,
        project_name=event.project_name, unit_id=event.unit_id))


async def credit_revoked(event: e.CreditRevoked, uow: UnitOfWork) -> None:
    """Tell the learner; the credit no longer counts."""
    await ReadModels(uow.session).credit_revoked(event.credit_id)
    await write(uow, notices.credit_revoked(_event_id(), id_number=event.id_number, reason=event.reason))


async def certificate_issued(event: e.CertificateIssued, uow: UnitOfWork) -> None:
    """Tell the learner where to download it."""
    await write(uow, notices.certificate_issued(_event_id(), id_number=event.id_number,
                                                certificate_number=event.certificate_number,
                                                issued_at=event.issued_at))


async def certificate_revoked(event: e.CertificateRevoked, uow: UnitOfWork) -> None:
    """Tell the learner, with the reason."""
    await write(uow, notices.certificate_revoked(_event_id(), id_number=event.id_number,
                                                 certificate_number=event.certificate_number, reason=event.reason))


async def evidence_refused(event: e.EvidenceRefused, uow: UnitOfWork) -> None:
    """Tell the uploader to upload again."""
    await write(uow, notices.evidence_refused(_event_id(), owner_id=event.owner_id, filename=event.filename,
                                              reason=event.reason))


async def account_approved(event: e.AccountApproved, uow: UnitOfWork) -> None:
    """Tell the person (by SMS too); a learner joins the compliance warnings."""
    if event.role == "learner" and event.id_number:
        await ReadModels(uow.session).learner_registered(event.id_number.strip().upper(), event.jurisdiction or "")
    await write(uow, notices.account_decided(_event_id(), account_id=event.account_id, approved=True,
                                             name=event.name), sms_to=event.phone)


async def account_rejected(event: e.AccountRejected, uow: UnitOfWork) -> None:
    """Tell the person (by SMS too)."""
    await write(uow, notices.account_decided(_event_id(), account_id=event.account_id, approved=False,
                                             name=event.name), sms_to=event.phone)
