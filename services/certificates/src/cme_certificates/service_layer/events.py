"""Event handlers: a credit approved becomes a pending certificate; a credit revoked revokes it.

Handling an approval only records the certificate (one row, one serial), so a session of
10,000 approvals flows through the consumer quickly and revocations behind it are not
held up; the `Issuer` renders and stores the pending certificates in batches.
"""

from __future__ import annotations

import logging
import uuid

from cme_certificates.domain.model import Certificate, CertificateState, certificate_number, is_stale_approval
from cme_certificates.domain.rules import rules_for
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_contracts.events import CertificateRevoked, CreditApproved, CreditRevoked
from cme_platform import metrics

log = logging.getLogger(__name__)


async def record_approvals(events: list[CreditApproved], uow: CertificatesUnitOfWork) -> None:
    """学分生效 → a pending certificate per credit, unless the credit already has a live one.

    A run of approvals (a session's bulk approval) is read and written as a set: one read of
    the credits' certificates, one draw of serials, one multi-row insert.
    """
    latest = await uow.certificates.latest_for_credits(list({event.credit_id for event in events}))
    wanted: dict[str, CreditApproved] = {}
    for event in events:
        known = latest.get(event.credit_id)
        if event.credit_id in wanted or (known is not None and known.state != CertificateState.REVOKED):
            continue  # the same approval again (a replay with a new event id): one certificate only
        if known is not None and is_stale_approval(known.revoked_at, event.approved_at):
            continue
        wanted[event.credit_id] = event
    if not wanted:
        return
    serials = await uow.certificates.next_serials(len(wanted))
    pending = [_pending(event, serial) for event, serial in zip(wanted.values(), serials, strict=True)]
    await uow.certificates.add_pending(pending)


def _pending(event: CreditApproved, serial: int) -> Certificate:
    return Certificate(
        certificate_id=str(uuid.uuid4()),
        certificate_number=certificate_number(rules_for(event.jurisdiction).number_prefix, event.year),
        status_index=serial, credit_id=event.credit_id, id_number=event.id_number.strip().upper(),
        name=event.name.strip(), unit=event.unit, project_number=event.project_number,
        project_name=event.project_name, level=event.level, credit_class=event.credit_class,
        credits=event.credits, hours=event.hours, start_date=event.start_date, end_date=event.end_date,
        year=event.year, jurisdiction=event.jurisdiction, issuing_office=event.issuing_office,
        approved_at=event.approved_at,
    )


async def revoke_for_credit(event: CreditRevoked, uow: CertificatesUnitOfWork) -> None:
    """学分撤销或更正 → the credit's certificate is revoked, with the date and reason."""
    # Locking waits for an issuer holding this row, so an issued certificate is seen as issued.
    certificate = await uow.certificates.latest_for_credit(event.credit_id, lock=True)
    if certificate is None or certificate.state == CertificateState.REVOKED:
        log.info("no live certificate to revoke", extra={"credit_id": event.credit_id})
        return
    await uow.certificates.mark_revoked(certificate.certificate_id, event.revoked_at, event.reason)
    if certificate.state == CertificateState.ISSUED:
        await uow.publish(CertificateRevoked(
            certificate_id=certificate.certificate_id, certificate_number=certificate.certificate_number,
            credit_id=certificate.credit_id, id_number=certificate.id_number, reason=event.reason,
            revoked_at=event.revoked_at,
        ))
        uow.after_commit(metrics.certificates.labels("revoked").inc)
