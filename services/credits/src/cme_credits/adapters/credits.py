"""The credit ledger (学分记录) and its review history, read and written through one session."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.sql import ColumnElement

from cme_credits.adapters.scopes import visible_to
from cme_credits.adapters.tables import credit, credit_review
from cme_credits.domain.errors import credit_not_found
from cme_credits.domain.identity import normalize_number
from cme_credits.domain.review import ReviewState, Status
from cme_credits.domain.self_entry import Entry
from cme_platform.auth import Principal
from cme_platform.db import Repository

# The credit table has 31 columns: 1,000 rows a statement stay under PostgreSQL's 32,767 bind
# parameters even if every column is given.
ROWS_PER_STATEMENT = 1000
LedgerRow = Row
"""A row of the credit table, read by column name (row.status, row.chain, …): what the use cases get."""
_LIVE = credit.c.status.notin_([Status.REJECTED.value, Status.REVOKED.value])


class CreditRepository(Repository):
    """The ledger rows and their history lines; every read for a caller is limited to its scope.

    `scope` is the `Principal` a use case acts for, or None for the service's own handlers.
    """


    # --- writing ---

    async def add(self, values: dict, *, actor: str, action: str = "entered") -> bool:
        """Insert a credit unless one with the same origin exists; False when it already did."""
        return bool(await self.add_many([values], actor=actor, action=action))

    async def add_many(self, rows: list[dict], *, actor: str, action: str) -> set[str]:
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
            created.update((await self.session.execute(statement, rows[at:at + ROWS_PER_STATEMENT])).scalars())
        await self.add_histories([{"credit_id": r["credit_id"], "action": action, "actor": actor}
                                  for r in rows if r["credit_id"] in created])
        return created

    async def add_history(self, credit_id: str, action: str, *, actor: str, level: str | None = None,
                          reason: str | None = None) -> None:
        """One line of a credit's review history (审核记录)."""
        await self.add_histories([{"credit_id": credit_id, "action": action, "actor": actor, "level": level,
                                   "reason": reason}])

    async def add_histories(self, lines: list[dict]) -> None:
        """Lines of review history (credit_id, action, actor, optional level and reason) in one executemany."""
        if lines:
            await self.session.execute(insert(credit_review), [{"level": None, "reason": None} | line
                                                               for line in lines])

    async def save_state(self, credit_id: str, state: ReviewState, *, reason: str | None = None, **changes) -> None:
        """Store a new review state (and any corrected fields) on the row."""
        values = {"status": state.status.value, "stage": state.stage, **changes}
        if reason is not None:
            values["last_reason"] = reason
        await self.session.execute(
            update(credit).where(credit.c.credit_id == credit_id).values(**values, updated_at=func.now()))

    async def save_states(self, states: dict[str, ReviewState], *, reason: str | None = None) -> None:
        """Store new review states on many rows with one executemany UPDATE (and the reason, if any, on all)."""
        if not states:
            return
        values: dict[str, Any] = {"status": bindparam("b_status"), "stage": bindparam("b_stage"),
                                  "updated_at": func.now()}
        if reason is not None:
            values["last_reason"] = reason
        await self.session.execute(update(credit).where(credit.c.credit_id == bindparam("b_id")).values(**values), [
            {"b_id": credit_id, "b_status": state.status.value, "b_stage": state.stage}
            for credit_id, state in states.items()])

    async def mark_sampled(self, credit_ids: list[str]) -> None:
        """Flag credits drawn for an audit (抽查)."""
        if credit_ids:
            await self.session.execute(update(credit).where(credit.c.credit_id.in_(credit_ids))
                                       .values(audit_sampled=True))

    # --- locking ---

    async def get_for_update(self, credit_id: str, *, scope: Principal | None) -> LedgerRow:
        """The credit, locked for this transaction; NotFound when it is outside the caller's scope."""
        row = (await self.get_many_for_update([credit_id], scope=scope)).get(credit_id)
        if row is None:
            raise credit_not_found(credit_id)
        return row

    async def get_many_for_update(self, credit_ids: Iterable[str], *, scope: Principal | None
                                  ) -> dict[str, LedgerRow]:
        """Those of the credits within the scope, by id, locked in id order (so two bulk actions never deadlock)."""
        wanted = sorted(set(credit_ids))
        if not wanted:
            return {}
        rows = (await self.session.execute(select(credit).where(credit.c.credit_id.in_(wanted), visible_to(scope))
                                           .order_by(credit.c.credit_id).with_for_update())).all()
        return {row.credit_id: row for row in rows}

    # --- reading ---

    async def get(self, credit_id: str, *, scope: Principal | None) -> LedgerRow | None:
        """The credit if it lies within the scope."""
        return (await self.session.execute(select(credit).where(
            credit.c.credit_id == credit_id, visible_to(scope)))).first()

    async def history(self, credit_id: str) -> list[Row]:
        """A credit's review history (审核记录), oldest first."""
        return list((await self.session.execute(select(credit_review).where(
            credit_review.c.credit_id == credit_id).order_by(credit_review.c.id))).all())

    async def listed(self, *, scope: Principal | None, id_number: str | None = None, year: int | None = None,
                   status: str | None = None) -> list[LedgerRow]:
        """Credits within the scope, filtered, by year then entry."""
        query = select(credit).where(visible_to(scope))
        if id_number:
            query = query.where(credit.c.id_number == id_number)
        if year:
            query = query.where(credit.c.year == year)
        if status:
            query = query.where(credit.c.status == status)
        return list((await self.session.execute(query.order_by(credit.c.year, credit.c.created_at))).all())

    async def awaiting(self, level: str, *, scope: Principal | None) -> list[LedgerRow]:
        """Credits in review whose chain waits for this level, within the scope (待审核)."""
        return list((await self.session.execute(select(credit).where(
            credit.c.status == Status.IN_REVIEW, credit.c.chain.op("->>")(credit.c.stage) == level,
            visible_to(scope)).order_by(credit.c.created_at))).all())

    async def approved_of(self, id_number: str) -> list[LedgerRow]:
        """A person's approved credits by year, whoever asks (公共查询)."""
        return list((await self.session.execute(select(credit).where(
            credit.c.id_number == id_number, credit.c.status == Status.APPROVED).order_by(credit.c.year))).all())

    async def of_person(self, id_number: str, *, scope: Principal | None) -> list[LedgerRow]:
        """Every credit of a person within the scope."""
        return list((await self.session.execute(select(credit).where(
            credit.c.id_number == id_number, visible_to(scope)))).all())

    async def of_people(self, *, scope: Principal | None, year: int, unit_id: str | None = None
                        ) -> dict[str, list[LedgerRow]]:
        """Every credit within the scope of each person who has one there in `year` (of one unit,
        if given), by ID number, oldest first: the other years count for the national window."""
        within = visible_to(scope)
        people = select(credit.c.id_number).where(within, credit.c.year == year)
        if unit_id:
            people = people.where(credit.c.unit_id == unit_id)
        rows = (await self.session.execute(select(credit).where(within, credit.c.id_number.in_(people))
                                           .order_by(credit.c.created_at))).all()
        by_person: dict[str, list[LedgerRow]] = {}
        for row in rows:
            by_person.setdefault(row.id_number, []).append(row)
        return by_person

    async def statistics(self, *, scope: Principal | None, year: int | None) -> list[tuple]:
        """(status, class, records, credits, people) within the scope, of one year if given."""
        query = select(credit.c.status, credit.c.credit_class, func.count(), func.sum(credit.c.credits),
                       func.count(func.distinct(credit.c.id_number))).where(visible_to(scope))
        if year:
            query = query.where(credit.c.year == year)
        return [tuple(r) for r in (await self.session.execute(
            query.group_by(credit.c.status, credit.c.credit_class))).all()]

    async def approved_self_entries(self, *, scope: Principal | None, year: int) -> list[str]:
        """The ids of the year's approved self-entered credits within the scope, in id order (抽查's population)."""
        return list((await self.session.execute(select(credit.c.credit_id).where(
            visible_to(scope), credit.c.year == year, credit.c.status == Status.APPROVED,
            credit.c.source.in_(("self_entry", "special"))).order_by(credit.c.credit_id))).scalars())

    # --- what an entry must not duplicate ---

    async def holds_project(self, id_number: str, number: str | None, ignore: str | None = None) -> bool:
        """True when the person has a live credit (any source) for this project number, however written."""
        if not number:
            return False
        rows = (await self.session.execute(select(credit.c.project_number).where(
            credit.c.id_number == id_number, credit.c.project_number.is_not(None),
            credit.c.credit_id != (ignore or ""), _LIVE))).all()
        wanted = normalize_number(number)
        return any(normalize_number(r.project_number) == wanted for r in rows)

    async def holds_activity(self, id_number: str, entry: Entry, ignore: str | None = None) -> bool:
        """True when the person has a live credit without a project number for the same activity:
        the same name, credits, hours and dates, or year when the entry gives no dates (besides `ignore`)."""
        when: tuple[ColumnElement[bool], ...] = (credit.c.start_date.is_not_distinct_from(entry.start_date),
                                                 credit.c.end_date.is_not_distinct_from(entry.end_date))
        if entry.start_date is None and entry.end_date is None:
            when += (credit.c.year == entry.year,)
        row = (await self.session.execute(select(credit.c.credit_id).where(
            credit.c.id_number == id_number, credit.c.project_number.is_(None), credit.c.credit_id != (ignore or ""),
            func.btrim(credit.c.project_name) == entry.project_name.strip(), credit.c.credits == entry.credits,
            credit.c.hours.is_not_distinct_from(entry.hours), *when, _LIVE).limit(1))).first()
        return row is not None

    async def lock_person(self, id_number: str) -> None:
        """Wait for, then hold until the transaction ends, the right to enter this person's credits
        (a transaction-level advisory lock, so nothing is left held if the process dies)."""
        await self.session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(
            "cme.credits.entry:" + id_number, 0))))

    async def holds_credential(self, id_number: str, credential_id: str) -> bool:
        """True when the person has a live credit entered by this very credential (已验证电子证书); asked
        under `lock_person`, so the same credential presented twice at once is seen the second time."""
        row = (await self.session.execute(select(credit.c.credit_id).where(
            credit.c.id_number == id_number, credit.c.details["credential"].astext == credential_id, _LIVE,
        ).limit(1))).first()
        return row is not None

    async def has_category_in_year(self, id_number: str, category: str, year: int, ignore: str | None = None) -> bool:
        """True when the person already has a live credit of this category in the year (besides `ignore`)."""
        row = (await self.session.execute(select(credit.c.credit_id).where(
            credit.c.id_number == id_number, credit.c.category == category, credit.c.year == year,
            credit.c.credit_id != (ignore or ""), _LIVE).limit(1))).first()
        return row is not None
