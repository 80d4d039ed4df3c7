"""Reading and writing the credit ledger inside a unit of work."""

from __future__ import annotations

from sqlalchemy import and_, false, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.sql import ColumnElement

from cme_credits.adapters.tables import credit, credit_review, evidence_mirror, project_mirror
from cme_credits.domain.identity import normalize_number
from cme_credits.domain.review import ReviewState, Status
from cme_credits.domain.self_entry import StoredFile
from cme_platform.auth import Principal, Role
from cme_platform.db import UnitOfWork
from cme_platform.errors import NotFound


async def add_credit(uow: UnitOfWork, values: dict, *, actor: str, action: str = "entered") -> bool:
    """Insert a credit unless one with the same origin exists; False when it already did."""
    statement = pg_insert(credit).values(**values)
    if values.get("origin_key"):
        statement = statement.on_conflict_do_nothing(index_elements=[credit.c.origin_key])
    result = await uow.session.execute(statement.returning(credit.c.credit_id))
    if result.first() is None:
        return False
    await add_history(uow, values["credit_id"], action, actor=actor)
    return True


async def add_history(uow: UnitOfWork, credit_id: str, action: str, *, actor: str,
                      level: str | None = None, reason: str | None = None) -> None:
    """One line of a credit's review history (审核记录)."""
    await uow.session.execute(insert(credit_review).values(
        credit_id=credit_id, action=action, level=level, reason=reason, actor=actor))


async def get_for_update(uow: UnitOfWork, credit_id: str, scope: ColumnElement[bool]) -> Row:
    """The credit, locked for this transaction; NotFound when it is outside the caller's scope."""
    row = (await uow.session.execute(
        select(credit).where(credit.c.credit_id == credit_id, scope).with_for_update())).first()
    if row is None:
        raise NotFound("credit.not_found", "学分记录不存在或不在您的管理范围内", credit_id=credit_id)
    return row


def state_of(row: Row) -> ReviewState:
    """The review state kept on a ledger row."""
    return ReviewState(Status(row.status), row.stage, tuple(row.chain))


async def save_state(uow: UnitOfWork, credit_id: str, state: ReviewState, *, reason: str | None = None,
                     **changes) -> None:
    """Store a new review state (and any corrected fields) on the row."""
    values = {"status": state.status.value, "stage": state.stage, **changes}
    if reason is not None:
        values["last_reason"] = reason
    await uow.session.execute(
        update(credit).where(credit.c.credit_id == credit_id).values(**values, updated_at=func.now()))


def scope_of(principal: Principal) -> ColumnElement[bool]:
    """Which credits an account may see (登录查询: 管理范围内的人员学分)."""
    role = principal.role
    if role is Role.LEARNER:
        return credit.c.id_number == (principal.id_number or "")
    if role is Role.UNIT_ADMIN:
        return credit.c.unit_id == (principal.unit_id or "")
    if role is Role.CITY_OFFICE:
        # Only its own city: a credit whose city is unknown is the provincial office's to see,
        # never every city office's.
        return and_(credit.c.city_id == (principal.city_id or ""), credit.c.jurisdiction == (principal.jurisdiction or ""))
    if role is Role.PROVINCIAL_OFFICE:
        return credit.c.jurisdiction == (principal.jurisdiction or "")
    if role is Role.REGULATOR:
        return credit.c.jurisdiction == (principal.jurisdiction or "")
    if role is Role.REMOTE_EDUCATION:
        return credit.c.entered_by == principal.account_id
    return false()


async def stored_files(uow: UnitOfWork, evidence_ids: list[str]) -> dict[str, StoredFile]:
    """The stored files among these ids, as the evidence service announced them."""
    if not evidence_ids:
        return {}
    rows = (await uow.session.execute(
        select(evidence_mirror).where(evidence_mirror.c.evidence_id.in_(evidence_ids)))).all()
    return {r.evidence_id: StoredFile(content_type=r.content_type, owner_id=r.owner_id) for r in rows}


async def project_facts(uow: UnitOfWork, number: str | None) -> tuple[bool, bool]:
    """(on record, remote filed) for a project number, from the mirrored registry."""
    if not number:
        return False, False
    rows = (await uow.session.execute(select(project_mirror.c.remote_filing).where(
        project_mirror.c.number_normalized == normalize_number(number)))).all()
    return bool(rows), any(r.remote_filing for r in rows)


async def holds_project(uow: UnitOfWork, id_number: str, number: str | None, ignore: str | None = None) -> bool:
    """True when the person has a live credit (any source) for this project number, however written."""
    if not number:
        return False
    rows = (await uow.session.execute(select(credit.c.project_number).where(
        credit.c.id_number == id_number, credit.c.project_number.is_not(None), credit.c.credit_id != (ignore or ""),
        credit.c.status.notin_([Status.REJECTED.value, Status.REVOKED.value])))).all()
    wanted = normalize_number(number)
    return any(normalize_number(r.project_number) == wanted for r in rows)


async def has_category_in_year(uow: UnitOfWork, id_number: str, category: str, year: int,
                               ignore: str | None = None) -> bool:
    """True when the person already has a live credit of this category in the year (besides `ignore`)."""
    row = (await uow.session.execute(select(credit.c.credit_id).where(
        credit.c.id_number == id_number, credit.c.category == category, credit.c.year == year,
        credit.c.credit_id != (ignore or ""),
        credit.c.status.notin_([Status.REJECTED.value, Status.REVOKED.value])).limit(1))).first()
    return row is not None
