"""Reading and writing the credit ledger inside a unit of work."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, bindparam, false, func, insert, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.sql import ColumnElement

from cme_credits.adapters.tables import credit, credit_review, evidence_mirror, project_mirror, unit_member
from cme_credits.domain.identity import normalize_number
from cme_credits.domain.review import ReviewState, Status
from cme_credits.domain.self_entry import Entry, StoredFile
from cme_platform.access import JURISDICTION_WIDE, overseen_jurisdictions
from cme_platform.auth import Principal, Role
from cme_platform.db import UnitOfWork
from cme_platform.errors import NotFound

# The credit table has 31 columns: 1,000 rows a statement stay under PostgreSQL's 32,767 bind
# parameters even if every column is given.
ROWS_PER_STATEMENT = 1000
UNSCOPED = true()
"""The scope of the service's own handlers, which act for no caller."""


async def add_credit(uow: UnitOfWork, values: dict, *, actor: str, action: str = "entered") -> bool:
    """Insert a credit unless one with the same origin exists; False when it already did."""
    return bool(await add_credits(uow, [values], actor=actor, action=action))


async def add_credits(uow: UnitOfWork, rows: list[dict], *, actor: str, action: str) -> set[str]:
    """Insert credits (rows with the same keys) unless their origin exists; the ids of those inserted.

    One multi-row INSERT … ON CONFLICT DO NOTHING per chunk, then one history line each for the
    new ones. A NULL origin key never conflicts, so rows without an origin are always inserted.
    """
    # Given as parameter sets, SQLAlchemy compiles the statement once and sends each chunk as one
    # multi-row VALUES ("insertmanyvalues"); `.values(rows)` would compile every chunk anew, for seconds.
    statement = (pg_insert(credit).on_conflict_do_nothing(index_elements=[credit.c.origin_key])
                 .returning(credit.c.credit_id))
    created: set[str] = set()
    for at in range(0, len(rows), ROWS_PER_STATEMENT):
        created.update((await uow.session.execute(statement, rows[at:at + ROWS_PER_STATEMENT])).scalars())
    await add_histories(uow, [{"credit_id": r["credit_id"], "action": action, "actor": actor}
                              for r in rows if r["credit_id"] in created])
    return created


async def add_history(uow: UnitOfWork, credit_id: str, action: str, *, actor: str,
                      level: str | None = None, reason: str | None = None) -> None:
    """One line of a credit's review history (审核记录)."""
    await add_histories(uow, [{"credit_id": credit_id, "action": action, "actor": actor, "level": level,
                               "reason": reason}])


async def add_histories(uow: UnitOfWork, lines: list[dict]) -> None:
    """Lines of review history (credit_id, action, actor, optional level and reason) in one executemany."""
    if lines:
        await uow.session.execute(insert(credit_review), [{"level": None, "reason": None} | line for line in lines])


def not_found(credit_id: str) -> NotFound:
    """The refusal for a credit that does not exist or lies outside the caller's scope."""
    return NotFound("credit.not_found", "学分记录不存在或不在您的管理范围内", credit_id=credit_id)


async def get_for_update(uow: UnitOfWork, credit_id: str, scope: ColumnElement[bool]) -> Row:
    """The credit, locked for this transaction; NotFound when it is outside the caller's scope."""
    row = (await get_many_for_update(uow, [credit_id], scope)).get(credit_id)
    if row is None:
        raise not_found(credit_id)
    return row


async def get_many_for_update(uow: UnitOfWork, credit_ids: Iterable[str], scope: ColumnElement[bool]) -> dict[str, Row]:
    """Those of the credits within the scope, by id, locked in id order (so two bulk actions never deadlock)."""
    wanted = sorted(set(credit_ids))
    if not wanted:
        return {}
    rows = (await uow.session.execute(select(credit).where(credit.c.credit_id.in_(wanted), scope)
                                      .order_by(credit.c.credit_id).with_for_update())).all()
    return {row.credit_id: row for row in rows}


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


async def save_states(uow: UnitOfWork, states: dict[str, ReviewState], *, reason: str | None = None) -> None:
    """Store new review states on many rows with one executemany UPDATE (and the reason, if any, on all)."""
    if not states:
        return
    values = {"status": bindparam("b_status"), "stage": bindparam("b_stage"), "updated_at": func.now()}
    if reason is not None:
        values["last_reason"] = reason
    await uow.session.execute(update(credit).where(credit.c.credit_id == bindparam("b_id")).values(**values), [
        {"b_id": credit_id, "b_status": state.status.value, "b_stage": state.stage}
        for credit_id, state in states.items()])


def scope_of(principal: Principal) -> ColumnElement[bool]:
    """Which credits an account may see (登录查询: 管理范围内的人员学分)."""
    role = principal.role
    if role is Role.LEARNER:
        return credit.c.id_number == (principal.id_number or "")
    if role is Role.UNIT_ADMIN:
        return credit.c.unit_id == (principal.unit_id or "")
    overseen = credit.c.jurisdiction.in_(overseen_jurisdictions(principal))
    if role is Role.CITY_OFFICE:
        # Only its own city: a credit whose city is unknown is the provincial office's to see,
        # never every city office's.
        return and_(credit.c.city_id == (principal.city_id or ""), overseen)
    if role in JURISDICTION_WIDE:
        return overseen
    if role is Role.REMOTE_EDUCATION:
        return credit.c.entered_by == principal.account_id
    return false()


async def credits_of_people(uow: UnitOfWork, scope: ColumnElement[bool], *, year: int,
                            unit_id: str | None = None) -> dict[str, list[Row]]:
    """Every credit within the scope of each person who has one there in `year` (of one unit,
    if given), by ID number, oldest first: the other years count for the national window."""
    people = select(credit.c.id_number).where(scope, credit.c.year == year)
    if unit_id:
        people = people.where(credit.c.unit_id == unit_id)
    rows = (await uow.session.execute(select(credit).where(scope, credit.c.id_number.in_(people))
                                      .order_by(credit.c.created_at))).all()
    by_person: dict[str, list[Row]] = {}
    for row in rows:
        by_person.setdefault(row.id_number, []).append(row)
    return by_person


async def stored_files(uow: UnitOfWork, evidence_ids: list[str]) -> dict[str, StoredFile]:
    """The stored files among these ids, as the evidence service announced them."""
    if not evidence_ids:
        return {}
    rows = (await uow.session.execute(
        select(evidence_mirror).where(evidence_mirror.c.evidence_id.in_(evidence_ids)))).all()
    return {r.evidence_id: StoredFile(content_type=r.content_type, owner_id=r.owner_id) for r in rows}


async def registered_name(uow: UnitOfWork, unit_id: str | None, id_number: str) -> str | None:
    """The name a person registered under in the unit, or None when they are not registered there."""
    row = (await uow.session.execute(select(unit_member.c.name).where(
        unit_member.c.unit_id == (unit_id or ""), unit_member.c.id_number == id_number)
        .order_by(unit_member.c.approved_at.desc()).limit(1))).first()
    return row.name if row else None


async def project_facts(uow: UnitOfWork, number: str | None) -> tuple[bool, list[Row]]:
    """(on record, its remote filings) for a project number, from the mirrored registry.

    Each filing is a row of (jurisdiction, co_organizer): the province whose list it is on, and
    the co-organizer there who enters its credits.
    """
    if not number:
        return False, []
    rows = (await uow.session.execute(select(
        project_mirror.c.remote_filing, project_mirror.c.jurisdiction, project_mirror.c.co_organizer).where(
        project_mirror.c.number_normalized == normalize_number(number)))).all()
    return bool(rows), [r for r in rows if r.remote_filing]


async def holds_project(uow: UnitOfWork, id_number: str, number: str | None, ignore: str | None = None) -> bool:
    """True when the person has a live credit (any source) for this project number, however written."""
    if not number:
        return False
    rows = (await uow.session.execute(select(credit.c.project_number).where(
        credit.c.id_number == id_number, credit.c.project_number.is_not(None), credit.c.credit_id != (ignore or ""),
        credit.c.status.notin_([Status.REJECTED.value, Status.REVOKED.value])))).all()
    wanted = normalize_number(number)
    return any(normalize_number(r.project_number) == wanted for r in rows)


async def holds_activity(uow: UnitOfWork, id_number: str, entry: Entry, ignore: str | None = None) -> bool:
    """True when the person has a live credit without a project number for the same activity:
    the same name, credits, hours and dates, or year when the entry gives no dates (besides `ignore`)."""
    when = (credit.c.start_date.is_not_distinct_from(entry.start_date),
            credit.c.end_date.is_not_distinct_from(entry.end_date))
    if entry.start_date is None and entry.end_date is None:
        when += (credit.c.year == entry.year,)
    row = (await uow.session.execute(select(credit.c.credit_id).where(
        credit.c.id_number == id_number, credit.c.project_number.is_(None), credit.c.credit_id != (ignore or ""),
        func.btrim(credit.c.project_name) == entry.project_name.strip(), credit.c.credits == entry.credits,
        credit.c.hours.is_not_distinct_from(entry.hours), *when,
        credit.c.status.notin_([Status.REJECTED.value, Status.REVOKED.value])).limit(1))).first()
    return row is not None


async def has_category_in_year(uow: UnitOfWork, id_number: str, category: str, year: int,
                               ignore: str | None = None) -> bool:
    """True when the person already has a live credit of this category in the year (besides `ignore`)."""
    row = (await uow.session.execute(select(credit.c.credit_id).where(
        credit.c.id_number == id_number, credit.c.category == category, credit.c.year == year,
        credit.c.credit_id != (ignore or ""),
        credit.c.status.notin_([Status.REJECTED.value, Status.REVOKED.value])).limit(1))).first()
    return row is not None
