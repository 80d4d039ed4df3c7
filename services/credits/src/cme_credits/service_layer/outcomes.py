"""The integration events a credit produces: entered by hand, then its review (approved, rejected, revoked)."""

from __future__ import annotations

from cme_contracts.events import CreditApproved, CreditEntered, CreditRejected, CreditRevoked
from cme_credits.domain.rules import load_rule_set
from cme_credits.service_layer.unit_of_work import LedgerRow
from cme_platform import metrics
from cme_platform.db import UnitOfWork


async def publish_entered(uow: UnitOfWork, values: dict) -> None:
    """A hand entry is recorded: the evidence service keeps its files as attached from now on."""
    await uow.publish(CreditEntered(
        credit_id=values["credit_id"], id_number=values["id_number"], source=values["source"],
        jurisdiction=values["jurisdiction"], entered_by=values["entered_by"], evidence_ids=values["evidence_ids"],
    ))


async def publish_approved(uow: UnitOfWork, row: LedgerRow, *, approved_by: str) -> None:
    """The credit counts: tell certificates (and anyone else) with everything a certificate shows."""
    await uow.publish(approved(uow, row, approved_by=approved_by))


def approved(uow: UnitOfWork, row: LedgerRow, *, approved_by: str) -> CreditApproved:
    """The CreditApproved of a row, counted once the unit commits; publish it (or a batch of them) next."""
    rules = load_rule_set(row.jurisdiction)
    _count(uow, "approved", row)
    return CreditApproved(
        credit_id=row.credit_id, id_number=row.id_number, name=row.name, unit=row.unit, year=row.year,
        credit_class=row.credit_class, level=row.level, credits=row.credits, hours=row.hours, source=row.source,
        project_number=row.project_number, project_name=row.project_name, start_date=row.start_date,
        end_date=row.end_date, jurisdiction=row.jurisdiction, issuing_office=rules.issuing_office,
        approved_by=approved_by, approved_at=uow.clock.now(),
    )


def rejected(uow: UnitOfWork, row: LedgerRow, *, level: str, reason: str, rejected_by: str) -> CreditRejected:
    """The CreditRejected of a row (a level rejected it, with its reason), counted once the unit commits."""
    _count(uow, "rejected", row)
    return CreditRejected(
        credit_id=row.credit_id, id_number=row.id_number, review_level=level, reason=reason,
        rejected_by=rejected_by, rejected_at=uow.clock.now(), unit_id=row.unit_id, project_name=row.project_name,
    )


def _count(uow: UnitOfWork, decision: str, row: LedgerRow) -> None:
    level = str(getattr(row.level, "value", row.level))
    uow.after_commit(lambda: metrics.credit_decisions.labels(decision, level).inc())


async def publish_revoked(uow: UnitOfWork, row: LedgerRow, *, reason: str, revoked_by: str) -> None:
    """An approved credit was withdrawn: its certificate must be revoked."""
    await uow.publish(CreditRevoked(
        credit_id=row.credit_id, id_number=row.id_number, reason=reason, revoked_by=revoked_by,
        revoked_at=uow.clock.now(),
    ))
